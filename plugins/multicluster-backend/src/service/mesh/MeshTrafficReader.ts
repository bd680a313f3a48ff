import {
  MeshService,
  MeshTraffic,
  MeshTrafficEdge,
} from '@multiregion/backstage-plugin-multicluster-common';
import {
  describeRequestFailure,
  ResponseTooLargeError,
} from '@multiregion/backstage-plugin-multicluster-node';
import { boundedFetch, BoundedFetchResponse } from '../boundedFetch';

/**
 * Every query sums by (source_cluster, destination_cluster): one series per
 * pair of clusters, about 200 bytes each. 4 MiB holds a fleet of over 100
 * clusters all talking to each other.
 */
const MAX_PROMETHEUS_RESPONSE_BYTES = 4 * 2 ** 20;

type PromVector = Array<{
  metric: Record<string, string>;
  value: [number, string];
}>;

/**
 * Traffic between clusters for a set of services, from Istio's standard
 * metrics in Prometheus. Rates are taken as the client sidecars report them
 * (`reporter="source"`), so requests that found no endpoint count too.
 */
export class MeshTrafficReader {
  constructor(
    private readonly options: { url: string; window: string },
    private readonly timeoutMs: number,
  ) {}

  async read(
    services: MeshService[],
    regionOf: (cluster: string) => string,
  ): Promise<MeshTraffic> {
    const { window } = this.options;
    const filter = `reporter="source",destination_service=~"${services
      .map(s => escapeRegex(s.host))
      .join('|')}"`;
    const by = 'source_cluster, destination_cluster';
    const [requests, errors, p95] = await Promise.all([
      this.query(
        `sum by (${by}) (rate(istio_requests_total{${filter}}[${window}]))`,
      ),
      this.query(
        `sum by (${by}) (rate(istio_requests_total{${filter},response_code=~"5.."}[${window}]))`,
      ),
      this.query(
        `histogram_quantile(0.95, sum by (le, ${by}) (rate(istio_request_duration_milliseconds_bucket{${filter}}[${window}])))`,
      ),
    ]);
    const key = (m: Record<string, string>) =>
      `${m.source_cluster ?? 'unknown'}\u0000${
        m.destination_cluster ?? 'unknown'
      }`;
    const errorRates = new Map(errors.map(s => [key(s.metric), num(s.value)]));
    const p95s = new Map(p95.map(s => [key(s.metric), num(s.value)]));

    const edges: MeshTrafficEdge[] = [];
    for (const sample of requests) {
      const rate = num(sample.value);
      // A series that stopped growing still has a 0 rate for one window.
      if (!(rate > 0)) continue;
      const source = sample.metric.source_cluster ?? 'unknown';
      const destination = sample.metric.destination_cluster ?? 'unknown';
      const p = p95s.get(key(sample.metric));
      edges.push({
        sourceCluster: source,
        sourceRegion: regionOf(source),
        destinationCluster: destination,
        destinationRegion: regionOf(destination),
        requestsPerSecond: round(rate, 3),
        errorRatio: round((errorRates.get(key(sample.metric)) ?? 0) / rate, 4),
        p95Ms: p !== undefined && Number.isFinite(p) ? round(p, 1) : undefined,
      });
    }
    edges.sort(
      (a, b) =>
        a.sourceCluster.localeCompare(b.sourceCluster) ||
        a.destinationCluster.localeCompare(b.destinationCluster),
    );
    return { window, edges };
  }

  private async query(promql: string): Promise<PromVector> {
    const url = `${this.options.url}/api/v1/query?query=${encodeURIComponent(
      promql,
    )}`;
    let response: BoundedFetchResponse;
    try {
      response = await boundedFetch(url, {
        signal: AbortSignal.timeout(this.timeoutMs),
        maxResponseBytes: MAX_PROMETHEUS_RESPONSE_BYTES,
        what: 'Prometheus query',
      });
    } catch (error) {
      // The size error already says what was asked and the limit.
      if (error instanceof ResponseTooLargeError) throw error;
      throw new Error(
        `Prometheus did not answer: ${describeRequestFailure(
          error,
          this.timeoutMs,
        )}`,
      );
    }
    const body = parseJson(response.text);
    if (!response.ok || body?.status !== 'success') {
      throw new Error(
        `Prometheus query failed (HTTP ${response.status}): ${
          body?.error ?? 'no error message'
        }`,
      );
    }
    return body.data.result as PromVector;
  }
}

function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function num(value: [number, string]): number {
  return Number(value[1]);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function escapeRegex(value: string): string {
  // RE2 inside a PromQL string: escape regex metacharacters, then the
  // backslashes for the string literal.
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\/g, '\\\\');
}
