import { MulticlusterHealthResponse } from '@multiregion/backstage-plugin-multicluster-common';
import {
  KarmadaConnection,
  probeReadiness,
} from '@multiregion/backstage-plugin-multicluster-node';

/** Probes every configured Karmada instance's `/readyz` concurrently. */
export class HealthService {
  constructor(
    private readonly connections: KarmadaConnection[],
    private readonly probeTimeoutMs: number,
  ) {}

  async check(): Promise<MulticlusterHealthResponse> {
    const instances = await Promise.all(
      this.connections.map(c => probeReadiness(c, this.probeTimeoutMs)),
    );
    return {
      ready: instances.length > 0 && instances.every(i => i.ready),
      instances,
      checkedAt: new Date().toISOString(),
    };
  }
}
