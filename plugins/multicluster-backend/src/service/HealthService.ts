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
      this.inventory.all().map(async inventory => ({
        ...(await probeReadiness(inventory.connection, this.probeTimeoutMs)),
        cache: inventory.status(),
      })),
    );
    return {
      ready: instances.length > 0 && instances.every(i => i.ready),
      instances,
      checkedAt: new Date().toISOString(),
    };
  }
}
