import {
  AuditorService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { multiclusterWritePermissions } from '@multiregion/backstage-plugin-multicluster-common';
import {
  KarmadaInstanceConfig,
  multiclusterClusterResourceRef,
  multiclusterClusterRules,
  multiclusterNamespaceResourceRef,
  multiclusterNamespaceRules,
} from '@multiregion/backstage-plugin-multicluster-node';
import { readApplyPolicy } from '../config/readApplyPolicy';
import { readRegistrationOptions } from '../config/readRegistrationOptions';
import { ActionAudit } from './ActionAudit';
import { ActionGuard } from './ActionGuard';
import { ActionSecurity } from './ActionSecurity';
import { ApplyPolicy } from './ApplyPolicy';
import { CredentialRefs } from './CredentialRefs';
import { EndpointPolicy } from './EndpointPolicy';
import { karmadaResources } from './karmadaResources';

/**
 * Registers the write permissions and their resource types with the
 * scaffolder's permission integration, and builds what the actions check.
 */
export function createActionSecurity(options: {
  config: Config;
  logger: LoggerService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  userInfo: UserInfoService;
  auditor: AuditorService;
  instances: KarmadaInstanceConfig[];
}): ActionSecurity {
  const { config, permissionsRegistry } = options;
  const resources = karmadaResources(options.instances);
  permissionsRegistry.addPermissions(multiclusterWritePermissions);
  permissionsRegistry.addResourceType({
    resourceRef: multiclusterClusterResourceRef,
    rules: Object.values(multiclusterClusterRules),
    getResources: refs => resources.clusters(refs),
  });
  permissionsRegistry.addResourceType({
    resourceRef: multiclusterNamespaceResourceRef,
    rules: Object.values(multiclusterNamespaceRules),
    getResources: refs => resources.namespaces(refs),
  });

  const registration = readRegistrationOptions(config);
  if (CredentialRefs.ephemeralKey(registration.credentialsRefs.secret)) {
    options.logger.info(
      'multicluster.credentialsRefs.secret is not set: credentialsRefs from multicluster:cluster:create are valid only in this backend process (set it when running several replicas)',
    );
  }
  const guard = new ActionGuard(options.permissions, options.userInfo);
  return {
    guard,
    audit: new ActionAudit(options.auditor, guard),
    credentialRefs: new CredentialRefs(
      registration.credentialsRefs.secret,
      registration.credentialsRefs.ttlSeconds,
    ),
    endpoints: new EndpointPolicy(registration.allowedApiEndpoints),
    applyPolicy: new ApplyPolicy(readApplyPolicy(config)),
    clusterRules: permissionsRegistry.getPermissionRuleset(
      multiclusterClusterResourceRef,
    ),
    namespaceRules: permissionsRegistry.getPermissionRuleset(
      multiclusterNamespaceResourceRef,
    ),
    bootstrapTokenTtlSeconds: registration.bootstrapTokenTtlSeconds,
  };
}
