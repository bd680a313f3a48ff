import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ClustersResponse,
  MeshResponse,
  MulticlusterHealthResponse,
  PlacementResponse,
  PodsResponse,
} from '@multiregion/backstage-plugin-multicluster-common';
import { MulticlusterApi } from './MulticlusterApi';

/**
 * Talks to the multicluster backend through Backstage's discovery and
 * (authenticated) fetch APIs.
 *
 * @public
 */
export class MulticlusterClient implements MulticlusterApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getHealth(): Promise<MulticlusterHealthResponse> {
    const baseUrl = await this.discoveryApi.getBaseUrl('multicluster');
    const response = await this.fetchApi.fetch(`${baseUrl}/health`);
    // 503 still carries the per-instance answer: not-ready is data, not an error.
    if (response.status === 503) {
      const body = await response.json().catch(() => undefined);
      if (body && Array.isArray(body.instances)) {
        return body as MulticlusterHealthResponse;
      }
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as MulticlusterHealthResponse;
  }

  async getClusters(): Promise<ClustersResponse> {
    return this.get('/clusters');
  }

  async getPlacement(entity: CompoundEntityRef): Promise<PlacementResponse> {
    return this.get(`${entityPath(entity)}/placement`);
  }

  async getPods(entity: CompoundEntityRef): Promise<PodsResponse> {
    return this.get(`${entityPath(entity)}/pods`);
  }

  async getMesh(entity: CompoundEntityRef): Promise<MeshResponse> {
    return this.get(`${entityPath(entity)}/mesh`);
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('multicluster');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function entityPath({ namespace, kind, name }: CompoundEntityRef): string {
  const segments = [namespace, kind, name].map(s => encodeURIComponent(s));
  return `/entities/${segments.join('/')}`;
}
