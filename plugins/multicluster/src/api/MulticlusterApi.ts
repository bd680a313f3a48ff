import { createApiRef } from '@backstage/core-plugin-api';
import { MulticlusterHealthResponse } from '@multiregion/backstage-plugin-multicluster-common';

/**
 * Client of the multicluster backend plugin (`/api/multicluster`).
 *
 * @public
 */
export interface MulticlusterApi {
  /** Readiness of every configured Karmada instance. */
  getHealth(): Promise<MulticlusterHealthResponse>;
}

/** @public */
export const multiclusterApiRef = createApiRef<MulticlusterApi>({
  id: 'plugin.multicluster.service',
});
