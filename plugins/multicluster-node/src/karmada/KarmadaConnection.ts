import { Agent, Dispatcher, request } from 'undici';
import { KarmadaInstanceConfig } from '../config/types';

/** A raw answer of the Karmada API server. */
export interface KarmadaResponse {
  statusCode: number;
  body: string;
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
    });
    this.headers =
      auth.type === 'serviceAccount'
        ? { authorization: `Bearer ${auth.token}` }
        : {};
  }

  /** GETs an API path, e.g. `/readyz`, giving up after `timeoutMs`. */
  async get(path: string, timeoutMs: number): Promise<KarmadaResponse> {
    const response = await request(`${this.url}${path}`, {
      method: 'GET',
      dispatcher: this.dispatcher,
      headers: { ...this.headers, accept: 'application/json, */*' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    return {
      statusCode: response.statusCode,
      body: await response.body.text(),
    };
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
