import { Agent, Dispatcher, request } from 'undici';
import { KarmadaAuth } from '../config/types';

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
  signal?: AbortSignal;
}

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
 * An authenticated HTTP connection to one Kubernetes API server. Credentials
 * stay inside this object: nothing it returns or throws carries them.
 */
export class KubernetesConnection {
  readonly name: string;
  readonly url: string;
  private readonly dispatcher: Dispatcher;
  private readonly headers: Record<string, string>;

  constructor(endpoint: KubernetesEndpoint) {
    this.name = endpoint.name;
    this.url = endpoint.url;
    const auth = endpoint.auth;
    this.dispatcher = new Agent({
      connect: {
        ca: endpoint.caData,
        rejectUnauthorized: !endpoint.dangerouslySkipTLSVerify,
        ...(auth.type === 'clientCertificate'
          ? { cert: auth.certData, key: auth.keyData }
          : {}),
      },
      // Watches stay open for minutes; their lifetime is bounded by the
      // server's timeoutSeconds and the caller's AbortSignal instead.
      bodyTimeout: 0,
    });
    this.headers =
      auth.type === 'serviceAccount'
        ? { authorization: `Bearer ${auth.token}` }
        : {};
  }

  /** GETs an API path, e.g. `/readyz`, giving up after `timeoutMs`. */
  async get(path: string, timeoutMs: number): Promise<KubernetesResponse> {
    return this.request({ path, signal: AbortSignal.timeout(timeoutMs) });
  }

  /** GETs a JSON document; non-2xx answers throw {@link KubernetesApiError}. */
  async getJson<T>(path: string, signal: AbortSignal): Promise<T> {
    return this.requestJson<T>({ path, signal });
  }

  /** Sends a request and returns the raw answer, whatever its status. */
  async request(req: KubernetesRequest): Promise<KubernetesResponse> {
    const response = await this.send(req);
    return {
      statusCode: response.statusCode,
      body: await response.body.text(),
    };
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
   * server ends the stream or `signal` aborts.
   */
  async *watch<T>(path: string, signal: AbortSignal): AsyncGenerator<T> {
    const response = await this.send({ path, signal });
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw new KubernetesApiError(
        path,
        response.statusCode,
        await response.body.text(),
      );
    }
    let buffered = '';
    for await (const chunk of response.body) {
      buffered += chunk.toString('utf8');
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) {
          yield JSON.parse(line) as T;
        }
        newline = buffered.indexOf('\n');
      }
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private send(req: KubernetesRequest) {
    const query = Object.entries(req.query ?? {}).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    );
    const search = query.length ? `?${new URLSearchParams(query)}` : '';
    const hasBody = req.body !== undefined;
    return request(`${this.url}${req.path}${search}`, {
      method: req.method ?? 'GET',
      dispatcher: this.dispatcher,
      headers: {
        ...this.headers,
        accept: 'application/json, */*',
        ...(hasBody
          ? { 'content-type': req.contentType ?? 'application/json' }
          : {}),
      },
      body: hasBody ? JSON.stringify(req.body) : undefined,
      signal: req.signal,
    });
  }
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
