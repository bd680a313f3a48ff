import {
  KubernetesApiError,
  KubernetesConnection,
} from '@multiregion/backstage-plugin-multicluster-node';

/** Where a kind lives in the API: its plural resource and scope. */
export interface ResourceInfo {
  /** `/api/v1` or `/apis/<group>/<version>`. */
  basePath: string;
  /** Plural resource name, e.g. `deployments`. */
  resource: string;
  namespaced: boolean;
}

interface APIResourceList {
  resources: Array<{ name: string; kind: string; namespaced: boolean }>;
}

/**
 * Maps `apiVersion` + `kind` to REST paths through the server's discovery
 * documents, so manifests of any kind (CRDs included) can be applied.
 */
export class ApiDiscovery {
  private readonly groups = new Map<string, Promise<APIResourceList | null>>();

  constructor(private readonly connection: KubernetesConnection) {}

  /** Resolves a kind; `undefined` when the server does not serve it. */
  async resolve(
    apiVersion: string,
    kind: string,
  ): Promise<ResourceInfo | undefined> {
    const basePath =
      apiVersion === 'v1'
        ? '/api/v1'
        : `/apis/${apiVersion.replace(/^\//, '')}`;
    const list = await this.groupVersion(basePath);
    const found = list?.resources.find(
      r => r.kind === kind && !r.name.includes('/'),
    );
    return found
      ? { basePath, resource: found.name, namespaced: found.namespaced }
      : undefined;
  }

  /** Forgets what was read, e.g. after CRDs were installed. */
  reset(): void {
    this.groups.clear();
  }

  private groupVersion(basePath: string): Promise<APIResourceList | null> {
    let pending = this.groups.get(basePath);
    if (!pending) {
      pending = this.connection
        .getJson<APIResourceList>(basePath, AbortSignal.timeout(15_000))
        .catch(error => {
          if (error instanceof KubernetesApiError && error.statusCode === 404) {
            return null;
          }
          this.groups.delete(basePath);
          throw error;
        });
      this.groups.set(basePath, pending);
    }
    return pending;
  }
}
