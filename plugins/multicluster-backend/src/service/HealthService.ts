import { MulticlusterHealthResponse } from '@multiregion/backstage-plugin-multicluster-common';
import { probeReadiness } from '@multiregion/backstage-plugin-multicluster-node';
import { InventoryService } from './InventoryService';

/**
 * Probes every configured Karmada instance's `/readyz` concurrently and adds
 * how fresh the plugin's cached copy of it is.
 */
export class HealthService {
  constructor(
    private readonly inventory: InventoryService,
    private readonly probeTimeoutMs: number,
  ) {}

  async check(): Promise<MulticlusterHealthResponse> {
    const instances = await Promise.all(
      this.inventory.all().map(async inventory => {
        const probe = await probeReadiness(
          inventory.connection,
          this.probeTimeoutMs,
        );
        const cache = inventory.status();
        // Ready for the plugin means Karmada answers and the copy is loaded.
        if (probe.ready && !cache.synced) {
          return {
            ...probe,
            ready: false,
            message: `Karmada is ready, the cache is still loading: ${cache.message}`,
            cache,
          };
        }
        return { ...probe, cache };
      }),
    );
    return {
      ready: instances.length > 0 && instances.every(i => i.ready),
      instances,
      checkedAt: new Date().toISOString(),
    };
  }
}
