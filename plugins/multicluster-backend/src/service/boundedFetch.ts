import { readBoundedText } from '@multiregion/backstage-plugin-multicluster-node';

export interface BoundedFetchOptions {
  /** Ends the request and the reading of its answer. */
  signal: AbortSignal;
  maxResponseBytes: number;
  /**
   * What is asked, for error messages, e.g. `istiod /debug/clusterz`. Not
   * the URL: a configured URL may carry credentials.
   */
  what: string;
}

export interface BoundedFetchResponse {
  status: number;
  ok: boolean;
  text: string;
}

/**
 * A GET with `fetch` for services outside Kubernetes (Prometheus, istiod's
 * debug port): within `signal`, and reading at most `maxResponseBytes`
 * (a larger answer throws `ResponseTooLargeError`).
 */
export async function boundedFetch(
  url: string,
  options: BoundedFetchOptions,
): Promise<BoundedFetchResponse> {
  const response = await fetch(url, { signal: options.signal });
  const text = response.body
    ? await readBoundedText(response.body, {
        what: options.what,
        limitBytes: options.maxResponseBytes,
        declaredLength: response.headers.get('content-length'),
      })
    : '';
  return { status: response.status, ok: response.ok, text };
}
