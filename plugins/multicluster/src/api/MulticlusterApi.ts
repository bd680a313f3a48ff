import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ClustersResponse,
  MeshResponse,
  MulticlusterHealthResponse,
  PlacementResponse,
  PodsResponse,
} from '@multiregion/backstage-plugin-multicluster-common';

/**
 * Client of the multicluster backend plugin (`/api/multicluster`).
 *
 * @public
 */
export interface MulticlusterApi {
  /** Readiness of every configured Karmada instance. */
  getHealth(): Promise<MulticlusterHealthResponse>;
  /** All member clusters of all instances, grouped by region. */
  getClusters(): Promise<ClustersResponse>;
  /** Where the entity's workloads run, per cluster and region. */
  getPlacement(entity: CompoundEntityRef): Promise<PlacementResponse>;
  /** The entity's pods, read live from each member cluster. */
  getPods(entity: CompoundEntityRef): Promise<PodsResponse>;
  /** How the Istio mesh sees the entity's services, per member cluster. */
  getMesh(entity: CompoundEntityRef): Promise<MeshResponse>;
}

/** @public */
export const multiclusterApiRef = createApiRef<MulticlusterApi>({
  id: 'plugin.multicluster.service',
});
