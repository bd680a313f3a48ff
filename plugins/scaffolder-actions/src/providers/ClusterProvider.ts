import { LoggerService } from '@backstage/backend-plugin-api';
import { KubernetesEndpoint } from '@multiregion/backstage-plugin-multicluster-node';

/** What `multicluster:cluster:create` asks a provider for. */
export interface ClusterCreateRequest {
  /** DNS-1123 label, already validated. */
  name: string;
  /** A region id from `multicluster.regions`, already validated. */
  region: string;
  zones: string[];
  /** Provider-specific template values (strings only), e.g. a machine type. */
  parameters: Record<string, string>;
  /**
   * Who the cluster is made for (a normalized user or group entity ref);
   * the provider records it with the cluster, so nobody else can take the
   * name over later.
   */
  owner: string;
  /** How long the provider may wait for the cluster to be reachable. */
  timeoutMs: number;
  logger: LoggerService;
  signal?: AbortSignal;
}

/** A cluster a provider created (or found already created). */
export interface ProvisionedCluster {
  name: string;
  region: string;
  zones: string[];
  /** The member API server URL, as Karmada should reach it. */
  apiEndpoint: string;
  /**
   * A reference to the cluster's admin credentials, `<provider name>:<id>`,
   * safe to show in logs and outputs; {@link ClusterProvider.resolveCredentials}
   * turns it into a connection.
   */
  credentialsRef: string;
  /** `created` on the first run, `unchanged` when it already existed as asked. */
  result: 'created' | 'unchanged';
  /** Non-secret provider details worth showing, e.g. the Terraform outputs. */
  details: Record<string, string>;
}

/**
 * A way to create regional clusters (`multicluster.clusterProviders[]`).
 * Implementations never log or return credentials: only references.
 */
export interface ClusterProvider {
  /** `multicluster.clusterProviders[].name`; prefixes its credential refs. */
  readonly name: string;
  readonly type: 'testbed' | 'clusterapi' | 'terraform';

  /**
   * Checks what can be checked without creating anything (templates render,
   * binaries exist, the management cluster answers and accepts a server-side
   * dry run). Throws an InputError naming the field on bad input.
   */
  validate(request: ClusterCreateRequest): Promise<void>;

  /**
   * Whether a cluster of this name exists already; a failed create rolls
   * back only what did not exist before it.
   */
  exists(name: string): Promise<boolean>;

  /**
   * The owner recorded when the cluster was created; `undefined` when none
   * was (e.g. a cluster made outside Backstage).
   */
  recordedOwner(name: string): Promise<string | undefined>;

  /**
   * The provider's own reference to a cluster of this name, for clusters the
   * actions find in Karmada (whose `spec.provider` names this provider).
   * Never handed to users: they get signed references only.
   */
  credentialsRefFor(cluster: string): string;

  /** Creates the cluster, or reports `unchanged` when it already exists. */
  create(request: ClusterCreateRequest): Promise<ProvisionedCluster>;

  /**
   * Removes what `create` made; used to roll back a failed task. Resolves to
   * the list of things it could not remove (empty when all is gone).
   */
  delete(name: string, logger: LoggerService): Promise<string[]>;

  /**
   * Resolves a `credentialsRef` this provider returned into an endpoint with
   * credentials for the member API server.
   */
  resolveCredentials(credentialsRef: string): Promise<KubernetesEndpoint>;
}
