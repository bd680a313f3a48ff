import {
  catalogEntityDeletePermission,
  catalogEntityRefreshPermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  taskCancelPermission,
  taskReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  multiclusterClusterCreatePermission,
  multiclusterClusterRegisterPermission,
  multiclusterClusterUnregisterPermission,
  multiclusterKarmadaApplyPermission,
  multiclusterMeshJoinPermission,
  multiclusterPolicyCreatePermission,
} from '@multiregion/backstage-plugin-multicluster-common';
import {
  createMulticlusterNamespaceConditionalDecision,
  multiclusterNamespaceConditions,
} from '@multiregion/backstage-plugin-multicluster-node';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** Only the platform team changes the fleet's shape. */
const PLATFORM_ONLY = [
  multiclusterClusterCreatePermission,
  multiclusterClusterRegisterPermission,
  multiclusterClusterUnregisterPermission,
  multiclusterMeshJoinPermission,
  catalogLocationDeletePermission,
];

const NAMESPACE_SCOPED = [
  multiclusterKarmadaApplyPermission,
  multiclusterPolicyCreatePermission,
];

const ENTITY_OWNER_SCOPED = [
  catalogEntityDeletePermission,
  catalogEntityRefreshPermission,
];

const TASK_OWNER_SCOPED = [taskReadPermission, taskCancelPermission];

/**
 * Two roles: members of a platform group may do everything; everybody else
 * reads, runs templates, applies only into Karmada namespaces one of their
 * groups owns, and changes only catalog entities and tasks of their own.
 * Requests without a user (none are made by the plugin set) are denied.
 */
export class MulticlusterPermissionPolicy implements PermissionPolicy {
  private readonly platformGroups: string[];

  constructor(options: { platformGroups: string[] }) {
    this.platformGroups = options.platformGroups.map(lower);
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) return { result: AuthorizeResult.DENY };
    const claims = user.info.ownershipEntityRefs;
    if (claims.some(claim => this.platformGroups.includes(lower(claim)))) {
      return { result: AuthorizeResult.ALLOW };
    }
    const { permission } = request;
    if (PLATFORM_ONLY.some(p => isPermission(permission, p))) {
      return { result: AuthorizeResult.DENY };
    }
    for (const scoped of NAMESPACE_SCOPED) {
      if (isPermission(permission, scoped)) {
        return createMulticlusterNamespaceConditionalDecision(
          permission,
          multiclusterNamespaceConditions.isNamespaceOwner({ claims }),
        );
      }
    }
    for (const scoped of ENTITY_OWNER_SCOPED) {
      if (isPermission(permission, scoped)) {
        return createCatalogConditionalDecision(
          permission,
          catalogConditions.isEntityOwner({ claims }),
        );
      }
    }
    for (const scoped of TASK_OWNER_SCOPED) {
      if (isPermission(permission, scoped)) {
        return createScaffolderTaskConditionalDecision(
          permission,
          scaffolderTaskConditions.isTaskOwner({
            createdBy: [user.info.userEntityRef],
          }),
        );
      }
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
