import {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';

/** What an action knows of the user who started the task. */
export interface Initiator {
  credentials: BackstageCredentials;
  /** `user:default/dana`, or the service's subject for service callers. */
  ref: string;
}

/** Why a permission exists, in words an operator reads in a task's log. */
export interface PermissionPurpose {
  /** e.g. "create regional clusters". */
  doing: string;
}

/** The rules of one resource type, to apply a conditional decision here. */
export type RulesetOf<TResource> = PermissionRuleset<TResource>;

/**
 * The write path's boundary: every action asks this before it touches
 * anything, with the task initiator's credentials, because the actions' own
 * Karmada and provider identities can do far more than the user may.
 */
export class ActionGuard {
  constructor(
    private readonly permissions: PermissionsService,
    private readonly userInfo: UserInfoService,
  ) {}

  /** The task's initiator; a task started without a user is refused. */
  async initiator(ctx: {
    getInitiatorCredentials(): Promise<BackstageCredentials>;
  }): Promise<Initiator> {
    const credentials = await ctx.getInitiatorCredentials();
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
      subject?: string;
    };
    if (principal.type === 'user' && principal.userEntityRef) {
      return { credentials, ref: principal.userEntityRef };
    }
    if (principal.type === 'service' && principal.subject) {
      return { credentials, ref: principal.subject };
    }
    throw new NotAllowedError(
      'not allowed: the task has no signed-in initiator, and the multicluster actions act only on behalf of one',
    );
  }

  /** Refuses unless the policy allows a basic permission. */
  async require(
    initiator: Initiator,
    permission: BasicPermission,
    purpose: PermissionPurpose,
  ): Promise<void> {
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials: initiator.credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw refusal(initiator, permission.name, purpose.doing);
    }
  }

  /**
   * Refuses unless the policy allows a resource permission on every one of
   * `resources`: one decision, and a conditional one is applied here with
   * the plugin set's rules. The refusal names every refused target.
   */
  async requireOnEach<TResource>(
    initiator: Initiator,
    permission: ResourcePermission,
    resources: Array<{ resource: TResource; target: string }>,
    rules: RulesetOf<TResource>,
    purpose: PermissionPurpose,
  ): Promise<void> {
    if (!resources.length) return;
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials: initiator.credentials },
    );
    const authorize = createConditionAuthorizer(rules);
    const refused = resources
      .filter(({ resource }) =>
        decision.result === AuthorizeResult.CONDITIONAL
          ? !authorize(decision, resource)
          : decision.result !== AuthorizeResult.ALLOW,
      )
      .map(r => r.target);
    if (refused.length) {
      throw refusal(
        initiator,
        permission.name,
        `${purpose.doing} ${[...new Set(refused)].join(', ')}`,
      );
    }
  }

  /** The user and the groups they belong to, as the catalog resolved them. */
  async ownershipRefs(initiator: Initiator): Promise<string[]> {
    const principal = initiator.credentials.principal as { type?: string };
    if (principal.type !== 'user') return [];
    const info = await this.userInfo.getUserInfo(initiator.credentials);
    return info.ownershipEntityRefs;
  }
}

function refusal(initiator: Initiator, permission: string, doing: string) {
  return new NotAllowedError(
    `not allowed: ${initiator.ref} may not ${doing} (permission ${permission} was denied)`,
  );
}
