import { Dispatcher, request } from 'undici';
import { KarmadaAuth } from '../config/types';
import { readBoundedLines, readBoundedText } from './boundedBody';
import { KubeConfigAuth } from './KubeConfigAuth';
import { kubeConfigFor } from './kubeConfigFor';

/** Where and how to reach one Kubernetes API server (Karmada or a member). */
export interface KubernetesEndpoint {
  /** A name for messages, e.g. the Karmada instance or member cluster name. */
  name: string;
  url: string;
  caData?: string;
  dangerouslySkipTLSVerify: boolean;
  auth: KarmadaAuth;
}

/** A raw answer of the API server. */
export interface KubernetesResponse {
  statusCode: number;
  body: string;
}

/** One request to the API server; `body` objects are sent as JSON. */
export interface KubernetesRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Defaults to JSON; PATCH callers pick the patch type. */
  contentType?: string;
  /**
   * Ends the request. Without a signal, the request gives up after the
   * connection's `requestTimeoutMs`.
   */
  signal?: AbortSignal;
  /** Gives up after this many ms, whether or not there is a `signal`. */
  timeoutMs?: number;
  /** The largest answer read, in bytes; defaults to the connection's `maxResponseBytes`. */
  maxResponseBytes?: number;
}

/** Limits of one connection; every field has a default. */
export interface KubernetesConnectionOptions {
  /** How long a request without its own signal or timeout may take, in ms. Default 30 000. */
  requestTimeoutMs?: number;
  /** The largest answer read, in bytes. Default 64 MiB. */
  maxResponseBytes?: number;
  /** The largest single event of a watch (one line), in bytes. Default 16 MiB. */
  maxWatchEventBytes?: number;
}

/** Long enough for a large paged list through Karmada's cluster proxy. */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/**
 * A list page of 500 big objects (ResourceBindings with many clusters, pods
 * with many containers) stays well below this; an answer above it is a bug
 * or an attack, not data the plugin needs.
 */
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 2 ** 20;
/**
 * etcd refuses objects above 1.5 MiB by default (`--max-request-bytes`), so
 * one watch event is rarely above 2 MiB; 16 MiB leaves room for servers
 * configured otherwise.
 */
const DEFAULT_MAX_WATCH_EVENT_BYTES = 16 * 2 ** 20;

/** A `metav1.Status` cause, e.g. a server-side apply conflict on one field. */
export interface KubernetesStatusCause {
  type?: string;
  message?: string;
  field?: string;
}

/**
 * Thrown for a non-2xx answer; carries the status, Kubernetes' reason and the
 * causes (field conflicts, validation errors) of the `Status` body.
 */
export class KubernetesApiError extends Error {
  readonly statusCode: number;
  readonly reason?: string;
  readonly causes: KubernetesStatusCause[];
  /** The server's own message, without the request line. */
  readonly serverMessage?: string;

  constructor(path: string, statusCode: number, body: string, method = 'GET') {
    const status = parseStatus(body);
    const prefix = method === 'GET' ? path : `${method} ${path}`;
    super(
      `${prefix}: HTTP ${statusCode}${
        status?.message ? `: ${status.message}` : ''
      }`,
    );
    this.name = 'KubernetesApiError';
    this.statusCode = statusCode;
    this.reason = status?.reason;
    this.causes = status?.details?.causes ?? [];
    this.serverMessage = status?.message;
  }
}

/**
 * A request gave up after its timeout. `name` is `TimeoutError`, as for a
 * timed-out `AbortSignal`, so callers that classify timeouts by name keep
 * working.
 */
export class KubernetesTimeoutError extends Error {
  readonly timeoutMs: number;

  constructor(what: string, timeoutMs: number) {
    super(`${what}: no answer within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/**
 * An authenticated HTTP connection to one Kubernetes API server. Credentials
 * stay inside this object: nothing it returns or throws carries them.
 *
 * Every request has a timeout (its signal, its `timeoutMs`, or the
 * connection's `requestTimeoutMs`) and every answer a maximum size; watches
 * are bounded by their caller's signal and a maximum size per event.
 */
export class KubernetesConnection {
  readonly name: string;
  readonly url: string;
  private readonly auth: KubeConfigAuth;
  private readonly limits: Required<KubernetesConnectionOptions>;

  constructor(
    endpoint: KubernetesEndpoint,
    options: KubernetesConnectionOptions = {},
  ) {
    this.name = endpoint.name;
    this.url = endpoint.url;
    this.limits = {
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      maxWatchEventBytes:
        options.maxWatchEventBytes ?? DEFAULT_MAX_WATCH_EVENT_BYTES,
    };
    this.auth = new KubeConfigAuth(
      endpoint.name,
      kubeConfigFor(endpoint),
      endpoint.auth,
      !endpoint.dangerouslySkipTLSVerify,
    );
  }

  /** GETs an API path, e.g. `/readyz`, giving up after `timeoutMs`. */
  async get(
    path: string,
    timeoutMs: number,
    options: Pick<KubernetesRequest, 'maxResponseBytes'> = {},
  ): Promise<KubernetesResponse> {
    return this.request({ ...options, path, timeoutMs });
  }

  /** GETs a JSON document; non-2xx answers throw {@link KubernetesApiError}. */
  async getJson<T>(path: string, signal: AbortSignal): Promise<T> {
    return this.requestJson<T>({ path, signal });
  }

  /** Sends a request and returns the raw answer, whatever its status. */
  async request(req: KubernetesRequest): Promise<KubernetesResponse> {
    return this.exchange(req, async response => ({
      statusCode: response.statusCode,
      body: await this.readBody(req, response),
    }));
  }

  /** Sends a request; non-2xx answers throw {@link KubernetesApiError}. */
  async requestJson<T>(req: KubernetesRequest): Promise<T> {
    const { statusCode, body } = await this.request(req);
    if (statusCode < 200 || statusCode >= 300) {
      throw new KubernetesApiError(req.path, statusCode, body, req.method);
    }
    return (body ? JSON.parse(body) : {}) as T;
  }

  /**
   * Opens a watch and yields its events, one JSON object per line, until the
   * server ends the stream or `signal` aborts. An event larger than
   * `maxWatchEventBytes` ends the watch with a `ResponseTooLargeError`.
   */
  async *watch<T>(path: string, signal: AbortSignal): AsyncGenerator<T> {
    const req: KubernetesRequest = { path, signal };
    const response = await this.send(req, signal);
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw new KubernetesApiError(
        path,
        response.statusCode,
        await this.readBody(req, response),
      );
    }
    const lines = readBoundedLines(response.body, {
      what: `watch ${withoutQuery(path)}`,
      limitBytes: this.limits.maxWatchEventBytes,
    });
    for await (const line of lines) {
      const event = line.trim();
      if (event) {
        yield JSON.parse(event) as T;
      }
    }
  }

  async close(): Promise<void> {
    await this.auth.close();
  }

  /**
   * Sends `req` and reads its answer with `read`, both within the request's
   * timeout. A timeout that is ours (not the caller's signal) becomes a
   * {@link KubernetesTimeoutError} naming the request.
   */
  private async exchange<T>(
    req: KubernetesRequest,
    read: (response: Dispatcher.ResponseData) => Promise<T>,
  ): Promise<T> {
    const timeoutMs =
      req.timeoutMs ?? (req.signal ? undefined : this.limits.requestTimeoutMs);
    const timeout =
      timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
    const signals = [req.signal, timeout].filter(
      (s): s is AbortSignal => s !== undefined,
    );
    try {
      const response = await this.send(req, AbortSignal.any(signals));
      return await read(response);
    } catch (error) {
      if (timeout?.aborted && !req.signal?.aborted) {
        throw new KubernetesTimeoutError(describe(req), timeoutMs!);
      }
      throw error;
    }
  }

  private readBody(
    req: KubernetesRequest,
    response: Dispatcher.ResponseData,
  ): Promise<string> {
    return readBoundedText(response.body, {
      what: describe(req),
      limitBytes: req.maxResponseBytes ?? this.limits.maxResponseBytes,
      declaredLength: firstHeader(response.headers['content-length']),
    });
  }

  private async send(req: KubernetesRequest, signal: AbortSignal) {
    const query = Object.entries(req.query ?? {}).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    );
    const search = query.length ? `?${new URLSearchParams(query)}` : '';
    const hasBody = req.body !== undefined;
    // Per request: client-node re-reads rotated token files and renews
    // expired exec credentials.
    const auth = await this.auth.apply();
    return request(`${this.url}${req.path}${search}`, {
      method: req.method ?? 'GET',
      dispatcher: auth.dispatcher,
      headers: {
        ...auth.headers,
        accept: 'application/json, */*',
        ...(hasBody
          ? { 'content-type': req.contentType ?? 'application/json' }
          : {}),
      },
      body: hasBody ? JSON.stringify(req.body) : undefined,
      signal,
    });
  }
}

/** `GET /api/v1/pods`, for messages: the query can be long and says little. */
function describe(req: KubernetesRequest): string {
  return `${req.method ?? 'GET'} ${withoutQuery(req.path)}`;
}

function withoutQuery(path: string): string {
  const query = path.indexOf('?');
  return query < 0 ? path : path.slice(0, query);
}

function firstHeader(value: string | string[] | undefined) {
  return Array.isArray(value) ? value[0] : value;
}

function parseStatus(body: string):
  | {
      reason?: string;
      message?: string;
      details?: { causes?: KubernetesStatusCause[] };
    }
  | undefined {
  try {
    const parsed = JSON.parse(body);
    return parsed?.kind === 'Status' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
