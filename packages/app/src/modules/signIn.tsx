import {
  Content,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
} from '@backstage/core-components';
import {
  ConfigApi,
  configApiRef,
  IdentityApi,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';

/** The demo remembers who you chose until you sign out. */
const CHOSEN_USER_KEY = 'multicluster-demo:user';

interface DemoUser {
  /** The auth provider: guest, or demo (a catalog user chosen by header). */
  provider: 'guest' | 'demo';
  name: string;
  title: string;
  description: string;
}

function readDemoUsers(config: ConfigApi): DemoUser[] {
  const guest: DemoUser = {
    provider: 'guest',
    name: 'guest',
    title: 'Guest',
    description: 'A member of the platform team: may do everything',
  };
  const others = (
    config.getOptionalConfigArray('app.signIn.demoUsers') ?? []
  ).map(user => ({
    provider: 'demo' as const,
    name: user.getString('name'),
    title: user.getOptionalString('title') ?? user.getString('name'),
    description: user.getOptionalString('description') ?? '',
  }));
  return [guest, ...others];
}

/** Signing out forgets the choice, so the picker shows again. */
function forgettingChoice(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      window.localStorage.removeItem(CHOSEN_USER_KEY);
      await identity.signOut();
    },
  };
}

/**
 * One-click sign-in for the demo: guest (platform team) or one of the demo
 * users (`app.signIn.demoUsers`, e.g. a service team's developer), each
 * through its backend auth provider, so permissions apply as they would to
 * a real identity.
 */
function DemoSignInPage(props: SignInPageProps) {
  const users = readDemoUsers(useApi(configApiRef));
  const [chosen, choose] = useState(() =>
    users.find(u => u.name === window.localStorage.getItem(CHOSEN_USER_KEY)),
  );
  if (chosen) {
    return (
      <ProxiedSignInPage
        {...props}
        provider={chosen.provider}
        headers={
          chosen.provider === 'demo' ? { 'x-demo-user': chosen.name } : {}
        }
        onSignInSuccess={identity =>
          props.onSignInSuccess(forgettingChoice(identity))
        }
        // A remembered user who can no longer sign in (removed from config
        // or the catalog) gets the picker back instead of a dead end.
        ErrorComponent={({ error }) => (
          <Content>
            <Typography paragraph>
              Signing in as {chosen.name} failed: {error?.message}
            </Typography>
            <Button
              variant="contained"
              onClick={() => {
                window.localStorage.removeItem(CHOSEN_USER_KEY);
                choose(undefined);
              }}
            >
              Choose another user
            </Button>
          </Content>
        )}
      />
    );
  }
  return (
    <Page themeId="home">
      <Header title="Multi-region Kubernetes" subtitle="Demo sign-in" />
      <Content>
        <Grid container spacing={3}>
          {users.map(user => (
            <Grid item xs={12} sm={6} md={4} key={user.name}>
              <InfoCard title={user.title}>
                <Typography paragraph>{user.description}</Typography>
                <Button
                  variant="contained"
                  color="primary"
                  onClick={() => {
                    window.localStorage.setItem(CHOSEN_USER_KEY, user.name);
                    choose(user);
                  }}
                >
                  Enter as {user.name}
                </Button>
              </InfoCard>
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}

/**
 * `app.signIn.mode`: `demo` (the picker above) or, by default, `proxy`:
 * Backstage runs behind an authenticating proxy such as oauth2-proxy, whose
 * backend provider is `app.signIn.proxyProvider` (default oauth2Proxy).
 */
function ConfiguredSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  if (config.getOptionalString('app.signIn.mode') === 'demo') {
    return <DemoSignInPage {...props} />;
  }
  return (
    <ProxiedSignInPage
      {...props}
      provider={
        config.getOptionalString('app.signIn.proxyProvider') ?? 'oauth2Proxy'
      }
    />
  );
}

const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props => <ConfiguredSignInPage {...props} />,
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});
