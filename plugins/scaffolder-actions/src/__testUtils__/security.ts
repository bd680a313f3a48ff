import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionRule,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  multiclusterClusterRules,
  multiclusterNamespaceRules,
} from '@multiregion/backstage-plugin-multicluster-node';
import { MulticlusterPermissionPolicy } from '@multiregion/backstage-plugin-permission-backend-module-multicluster-policy';
import { ActionAudit } from '../security/ActionAudit';
import { ActionGuard } from '../security/ActionGuard';
import { ActionSecurity } from '../security/ActionSecurity';
import {
  ApplyPolicy,
  DEFAULT_ALLOWED_KINDS,
  DEFAULT_PROTECTED_NAMESPACE_KEYS,
  DEFAULT_PROTECTED_NAMESPACES,
} from '../security/ApplyPolicy';
import { CredentialRefs } from '../security/CredentialRefs';
import { EndpointPolicy } from '../security/EndpointPolicy';

/** The demo's two people: the platform team, and a service developer. */
export const PLATFORM_USER = 'user:default/pat';
/** A second platform engineer, to try another's credentials references. */
export const OTHER_PLATFORM_USER = 'user:default/sam';
export const DEVELOPER = 'user:default/dana';
export const PLATFORM_GROUP = 'group:default/platform-team';
export const DEVELOPER_GROUP = 'group:default/shop';

const GROUPS: Record<string, string[]> = {
  [PLATFORM_USER]: [PLATFORM_GROUP],
  [OTHER_PLATFORM_USER]: [PLATFORM_GROUP],
  [DEVELOPER]: [DEVELOPER_GROUP],
};

export const ownershipOf = (user: string) => [user, ...(GROUPS[user] ?? [])];

export const credentialsOf = (user: string): BackstageCredentials =>
  mockCredentials.user(user);

/** One audit event as the auditor was given it. */
export interface RecordedAuditEvent {
  eventId: string;
  severityLevel?: string;
  status: 'initiated' | 'succeeded' | 'failed';
  meta: JsonObject;
  error?: string;
}

/** An auditor that keeps its events for assertions. */
export class RecordingAuditor implements AuditorService {
  readonly events: RecordedAuditEvent[] = [];

  async createEvent(options: Parameters<AuditorService['createEvent']>[0]) {
    const record = (
      status: RecordedAuditEvent['status'],
      extra: Partial<RecordedAuditEvent>,
    ) =>
      this.events.push({
        eventId: options.eventId,
        severityLevel: options.severityLevel,
        status,
        meta: { ...(options.meta ?? {}), ...(extra.meta ?? {}) },
        ...(extra.error ? { error: extra.error } : {}),
      });
    record('initiated', {});
    return {
      success: async (params?: { meta?: JsonObject }) =>
        void record('succeeded', { meta: params?.meta }),
      fail: async (params: { meta?: JsonObject; error: Error }) =>
        void record('failed', {
          meta: params.meta,
          error: params.error.message,
        }),
    };
  }
}

function ruleset<T>(
  rules: Record<string, PermissionRule<T, any, string, any>>,
): PermissionRuleset<T> {
  return {
    getRuleByName(name: string) {
      const rule = Object.values(rules).find(r => r.name === name);
      if (!rule) throw new Error(`no rule ${name}`);
      return rule as any;
    },
  };
}

/**
 * The permission framework as the backend runs it, with the plugin set's
 * own policy module deciding: ownership comes from the demo's groups.
 */
function policyPermissions(): PermissionsService {
  const policy = new MulticlusterPermissionPolicy({
    platformGroups: [PLATFORM_GROUP],
  });
  const decide = async (
    permission: Parameters<
      PermissionsService['authorize']
    >[0][number]['permission'],
    credentials: BackstageCredentials,
  ): Promise<PolicyDecision> => {
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
    };
    if (principal.type !== 'user' || !principal.userEntityRef) {
      return { result: AuthorizeResult.DENY };
    }
    const ref = principal.userEntityRef;
    const info = { userEntityRef: ref, ownershipEntityRefs: ownershipOf(ref) };
    return policy.handle({ permission }, {
      identity: { type: 'user', ...info },
      info,
      credentials,
      token: 'test',
    } as any);
  };
  return {
    authorize: async (requests, { credentials }) =>
      Promise.all(
        requests.map(async ({ permission }) => {
          const decision = await decide(permission, credentials);
          // Without a resource ref a conditional decision cannot allow.
          return decision.result === AuthorizeResult.CONDITIONAL
            ? { result: AuthorizeResult.DENY }
            : decision;
        }),
      ),
    authorizeConditional: async (requests, { credentials }) =>
      Promise.all(
        requests.map(({ permission }) => decide(permission, credentials)),
      ) as any,
  };
}

const userInfo: UserInfoService = {
  async getUserInfo(credentials) {
    const ref = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return { userEntityRef: ref, ownershipEntityRefs: ownershipOf(ref) };
  },
};

/** The actions' security with the real policy, checks and signing. */
export function testSecurity(
  options: { allowedApiEndpoints?: string[]; auditor?: RecordingAuditor } = {},
): ActionSecurity & { auditor: RecordingAuditor } {
  const auditor = options.auditor ?? new RecordingAuditor();
  const guard = new ActionGuard(policyPermissions(), userInfo);
  return {
    auditor,
    guard,
    audit: new ActionAudit(auditor, guard),
    credentialRefs: new CredentialRefs('test-secret', 3600),
    endpoints: new EndpointPolicy(options.allowedApiEndpoints ?? []),
    applyPolicy: new ApplyPolicy({
      allowedKinds: DEFAULT_ALLOWED_KINDS,
      allowClusterScoped: false,
      protectedNamespaces: DEFAULT_PROTECTED_NAMESPACES,
      protectedNamespaceKeys: DEFAULT_PROTECTED_NAMESPACE_KEYS,
    }),
    clusterRules: ruleset(multiclusterClusterRules),
    namespaceRules: ruleset(multiclusterNamespaceRules),
    bootstrapTokenTtlSeconds: 600,
  };
}

/** A mock action context whose task was started by `as` (the platform user by default). */
export function actionContextAs<
  TActionInput extends JsonObject = JsonObject,
  TActionOutput extends JsonObject = any,
>(
  options: Partial<ActionContext<TActionInput, TActionOutput>> & {
    as?: string;
  },
): ActionContext<TActionInput, TActionOutput> {
  const { as, ...rest } = options;
  const ctx = createMockActionContext<TActionInput, TActionOutput>(rest);
  const credentials = credentialsOf(as ?? PLATFORM_USER);
  ctx.getInitiatorCredentials = async () => credentials;
  return ctx;
}
