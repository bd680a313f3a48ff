import { LoggerService } from '@backstage/backend-plugin-api';
import { KubernetesConnection } from '@multiregion/backstage-plugin-multicluster-node';
import { ChangeSet } from '../kube/ChangeSet';

/** A validated registration: targets resolved, access checked. */
export interface RegistrationRequest {
  cluster: string;
  karmada: KubernetesConnection;
  member: KubernetesConnection;
  /** Member API server URL as Karmada (Push) or the agent (Pull) sees it. */
  apiEndpoint: string;
  /** The member's `kube-system` UID, Karmada's `spec.id`. */
  clusterId: string;
  region: string;
  zones: string[];
  provider?: string;
  labels: Record<string, string>;
  /** Recorded as `multicluster.io/owner` on the Cluster. */
  owner: string;
  changes: ChangeSet;
  logger: LoggerService;
  dryRun: boolean;
}
