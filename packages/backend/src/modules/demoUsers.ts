/*
 * A second demo identity next to guest: sign-in as one of a few catalog
 * users named in config, chosen by the `x-demo-user` header. The demo and
 * the browser tests use it to act as a service team's developer (not on the
 * platform team) against the same backend. Like guest, it trusts the caller
 * completely, so it refuses to run outside development unless
 * `auth.providers.demo.dangerouslyAllowOutsideDevelopment` is set.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

export const DEMO_USER_HEADER = 'x-demo-user';

interface DemoUsersContext {
  users: string[];
  allowed: boolean;
}

const demoUsersAuthenticator = createProxyAuthenticator<
  DemoUsersContext,
  { name: string },
  undefined
>({
  defaultProfileTransform: async result => ({
    profile: { displayName: result.name },
  }),
  initialize({ config }) {
    return {
      users: config.getStringArray('users'),
      allowed:
        process.env.NODE_ENV === 'development' ||
        config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') ===
          true,
    };
  },
  async authenticate({ req }, { users, allowed }) {
    if (!allowed) {
      throw new NotAllowedError(
        "The demo provider signs in whoever asks; outside development it needs 'auth.providers.demo.dangerouslyAllowOutsideDevelopment'",
      );
    }
    const name = req.header(DEMO_USER_HEADER) ?? '';
    if (!users.includes(name)) {
      throw new AuthenticationError(
        `${DEMO_USER_HEADER}: '${name}' is not one of auth.providers.demo.users`,
      );
    }
    return { result: { name } };
  },
});

export const authModuleDemoUsers = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-users-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        // Off unless configured. In production demoFeatures does not load
        // this module at all (demo.enabled: false).
        if (!config.has('auth.providers.demo')) return;
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: demoUsersAuthenticator,
            // The catalog user, so ownership (groups) comes from the catalog
            // as it would with a real identity provider.
            async signInResolver({ result }, ctx) {
              return ctx.signInWithCatalogUser({
                entityRef: stringifyEntityRef({
                  kind: 'user',
                  namespace: 'default',
                  name: result.name,
                }),
              });
            },
          }),
        });
      },
    });
  },
});
