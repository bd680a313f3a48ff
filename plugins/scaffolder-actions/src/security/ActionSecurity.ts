import { PermissionRuleset } from '@backstage/plugin-permission-node';
import {
  MulticlusterClusterResource,
  MulticlusterNamespaceResource,
} from '@multiregion/backstage-plugin-multicluster-node';
import { ActionAudit } from './ActionAudit';
import { ActionGuard } from './ActionGuard';
import { ApplyPolicy } from './ApplyPolicy';
import { CredentialRefs } from './CredentialRefs';
import { EndpointPolicy } from './EndpointPolicy';

/** Everything the actions check before they write, in one place. */
export interface ActionSecurity {
  guard: ActionGuard;
  audit: ActionAudit;
  credentialRefs: CredentialRefs;
  endpoints: EndpointPolicy;
  applyPolicy: ApplyPolicy;
  clusterRules: PermissionRuleset<MulticlusterClusterResource>;
  namespaceRules: PermissionRuleset<MulticlusterNamespaceResource>;
  /** Default lifetime of Pull bootstrap tokens (capped at one hour). */
  bootstrapTokenTtlSeconds: number;
}
