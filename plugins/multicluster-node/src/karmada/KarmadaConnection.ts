import { Agent, Dispatcher, request } from 'undici';
import { KarmadaInstanceConfig } from '../config/types';

/** A raw answer of the Karmada API server. */
export interface KarmadaResponse {
  statusCode: number;
  body: string;
}

/** Thrown for a non-2xx answer; carries the status and Kubernetes' reason. */
export class KarmadaApiError extends Error {
  readonly statusCode: number;
  readonly reason?: string;

  constructor(path: string, statusCode: number, body: string) {
    const status = parseStatus(body);
    super(
      `${path}: HTTP ${statusCode}${
        status?.message ? `: ${status.message}` : ''
      }`,
    );
    this.name = 'KarmadaApiError';
    this.statusCode = statusCode;
    this.reason = status?.reason;
  }
}

/**
 * An authenticated HTTP connection to one Karmada API server. Credentials stay
 * inside this object: nothing it returns or throws carries them.
 */
export class KarmadaConnection {
  readonly name: string;
  readonly url: string;
  private readonly dispatcher: Dispatcher;
  private readonly headers: Record<string, string>;

  constructor(instance: KarmadaInstanceConfig) {
    this.name = instance.name;
    this.url = instance.url;
    const auth = instance.auth;
    this.dispatcher = new Agent({
      connect: {
        ca: instance.caData,
        rejectUnauthorized: !instance.dangerouslySkipTLSVerify,
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
  async get(path: string, timeoutMs: number): Promise<KarmadaResponse> {
    const response = await this.send(path, AbortSignal.timeout(timeoutMs));
    return {
      statusCode: response.statusCode,
      body: await response.body.text(),
    };
  }

  /** GETs a JSON document; non-2xx answers throw {@link KarmadaApiError}. */
  async getJson<T>(path: string, signal: AbortSignal): Promise<T> {
    const response = await this.send(path, signal);
    const body = await response.body.text();
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw new KarmadaApiError(path, response.statusCode, body);
    }
    return JSON.parse(body) as T;
  }

  /**
   * Opens a watch and yields its events, one JSON object per line, until the
   * server ends the stream or `signal` aborts.
   */
  async *watch<T>(path: string, signal: AbortSignal): AsyncGenerator<T> {
    const response = await this.send(path, signal);
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw new KarmadaApiError(
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

  private send(path: string, signal: AbortSignal) {
    return request(`${this.url}${path}`, {
      method: 'GET',
      dispatcher: this.dispatcher,
      headers: { ...this.headers, accept: 'application/json, */*' },
      signal,
    });
  }
}

function parseStatus(
  body: string,
): { reason?: string; message?: string } | undefined {
  try {
    const parsed = JSON.parse(body);
    return parsed?.kind === 'Status' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
