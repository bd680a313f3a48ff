import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

export interface IstiodAccessOptions {
  namespace: string;
  service: string;
  port: string;
  /** Per cluster name, a base URL serving istiod's `/debug/*` directly. */
  debugUrls: Record<string, string>;
  /** The largest debug answer read, in bytes. */
  maxResponseBytes: number;
}

export interface MeshOptions {
  istiod: IstiodAccessOptions;
  prometheus?: {
    url: string;
    /** PromQL range of the rates, e.g. `1m`. */
    window: string;
  };
  timeoutMs: number;
}

const PROM_DURATION = /^\d+(ms|s|m|h)$/;

/**
 * `/debug/endpointShardz` lists every endpoint of every service the istiod
 * knows, a few hundred bytes each: tens of MiB in a mesh of 100 000
 * endpoints. Above this the debug view is not worth the backend's memory.
 */
const DEFAULT_ISTIOD_MAX_RESPONSE_BYTES = 64 * 2 ** 20;

/** `multicluster.mesh`: how to reach istiod and Prometheus. */
export function readMeshOptions(config: Config): MeshOptions {
  const mesh = config.getOptionalConfig('multicluster.mesh');
  const istiod = mesh?.getOptionalConfig('istiod');
  const debugUrls: Record<string, string> = {};
  const urls = istiod?.getOptionalConfig('debugUrls');
  for (const cluster of urls?.keys() ?? []) {
    const url = urls!.getString(cluster);
    assertHttpUrl(`multicluster.mesh.istiod.debugUrls.${cluster}`, url);
    debugUrls[cluster] = url;
  }

  let prometheus: MeshOptions['prometheus'];
  const prom = mesh?.getOptionalConfig('prometheus');
  if (prom) {
    const url = prom.getString('url');
    assertHttpUrl('multicluster.mesh.prometheus.url', url);
    const window = prom.getOptionalString('window') ?? '1m';
    if (!PROM_DURATION.test(window)) {
      throw new InputError(
        `multicluster.mesh.prometheus.window: must be a Prometheus duration such as 30s or 5m, got '${window}'`,
      );
    }
    prometheus = { url: url.replace(/\/+$/, ''), window };
  }

  const timeoutMs = mesh?.getOptionalNumber('timeoutMs') ?? 5_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new InputError(
      `multicluster.mesh.timeoutMs: must be a positive number, got ${timeoutMs}`,
    );
  }
  const maxResponseBytes =
    istiod?.getOptionalNumber('maxResponseBytes') ??
    DEFAULT_ISTIOD_MAX_RESPONSE_BYTES;
  if (!Number.isInteger(maxResponseBytes) || maxResponseBytes <= 0) {
    throw new InputError(
      `multicluster.mesh.istiod.maxResponseBytes: must be a positive integer, got ${maxResponseBytes}`,
    );
  }
  return {
    istiod: {
      namespace: istiod?.getOptionalString('namespace') ?? 'istio-system',
      service: istiod?.getOptionalString('service') ?? 'istiod',
      port: String(istiod?.getOptional('port') ?? '15014'),
      debugUrls,
      maxResponseBytes,
    },
    prometheus,
    timeoutMs,
  };
}

function assertHttpUrl(key: string, value: string) {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`${key}: not a URL: '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`${key}: must be an http(s) URL, got '${value}'`);
  }
}
