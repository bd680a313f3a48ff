import { KarmadaInstanceHealth } from '@multiregion/backstage-plugin-multicluster-common';
import { KarmadaConnection } from './KarmadaConnection';
import { describeRequestFailure } from './describeRequestFailure';

/**
 * A failing `/readyz` lists a few dozen checks in under 4 KiB; anything
 * much larger is not a readiness answer. Anyone can trigger the probe
 * through the unauthenticated `/health`, so it stays cheap.
 */
const MAX_READYZ_BYTES = 64 * 2 ** 10;

/**
 * Asks one Karmada API server's `/readyz` and explains a failure in words a
 * platform engineer can act on (refused credentials, failing checks,
 * timeout, TLS or connection errors).
 */
export async function probeReadiness(
  connection: KarmadaConnection,
  timeoutMs: number,
): Promise<KarmadaInstanceHealth> {
  const started = Date.now();
  const base = { name: connection.name, url: connection.url };
  try {
    const { statusCode, body } = await connection.get('/readyz', timeoutMs, {
      maxResponseBytes: MAX_READYZ_BYTES,
    });
    const latencyMs = Date.now() - started;
    if (statusCode === 200) {
      return { ...base, ready: true, statusCode, latencyMs };
    }
    return {
      ...base,
      ready: false,
      statusCode,
      latencyMs,
      message: describeStatus(statusCode, body),
    };
  } catch (error) {
    return {
      ...base,
      ready: false,
      latencyMs: Date.now() - started,
      message: describeRequestFailure(error, timeoutMs),
    };
  }
}

function describeStatus(statusCode: number, body: string): string {
  if (statusCode === 401 || statusCode === 403) {
    return `Karmada refused the configured credentials (HTTP ${statusCode})`;
  }
  // /readyz lists failing checks one per line; keep the answer short.
  const failing = body
    .split('\n')
    .filter(line => line.includes('failed'))
    .slice(0, 5)
    .join('; ');
  return `readyz answered HTTP ${statusCode}${failing ? `: ${failing}` : ''}`;
}
