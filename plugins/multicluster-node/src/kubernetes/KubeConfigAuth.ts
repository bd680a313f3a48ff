import { KubeConfig } from '@kubernetes/client-node';
import type { RequestOptions } from 'node:https';
import { Agent, Dispatcher } from 'undici';
import { KarmadaAuth } from '../config/types';

/** What one request needs: a dispatcher with the TLS material, and headers. */
export interface AppliedAuth {
  dispatcher: Dispatcher;
  /** Authorization and, for a kubeconfig user with `as:`, Impersonate-User. */
  headers: Record<string, string>;
}

/**
 * Applies a `KubeConfig`'s TLS and authentication to requests: client-node
 * decides the credentials (re-reading token files, running and caching exec
 * plugins until their expiry, refreshing OIDC tokens), this class turns them
 * into an undici dispatcher and an Authorization header. The dispatcher is
 * rebuilt only when the TLS material changes (an exec plugin can hand out
 * client certificates).
 */
export class KubeConfigAuth {
  private current?: { fingerprint: string; agent: Agent };

  constructor(
    private readonly name: string,
    private readonly kubeConfig: KubeConfig,
    private readonly auth: KarmadaAuth,
    private readonly rejectUnauthorized: boolean,
  ) {}

  async apply(): Promise<AppliedAuth> {
    const options: RequestOptions = { headers: {} };
    try {
      await this.kubeConfig.applyToHTTPSOptions(options);
    } catch {
      // The cause can quote an exec plugin's output or a token file's
      // content: it is left out on purpose.
      throw new Error(
        `${this.name}: could not get credentials (${describeAuth(
          this.auth,
        )}); the cause is not shown because it may contain credentials`,
      );
    }
    const tls = {
      ca: asText(options.ca),
      cert: asText(options.cert),
      key: asText(options.key),
      servername: options.servername,
    };
    const fingerprint = JSON.stringify(tls);
    if (this.current?.fingerprint !== fingerprint) {
      // Closing waits for the requests in flight on the old agent.
      void this.current?.agent.close().catch(() => undefined);
      this.current = {
        fingerprint,
        agent: new Agent({
          connect: { ...tls, rejectUnauthorized: this.rejectUnauthorized },
          // Watches stay open for minutes; their lifetime is bounded by the
          // server's timeoutSeconds and the caller's AbortSignal instead.
          // Other requests are bounded by their own timeout.
          bodyTimeout: 0,
        }),
      };
    }
    const headers = options.headers as Record<string, unknown>;
    const authorization = headers.Authorization;
    const impersonate = headers['Impersonate-User'];
    return {
      dispatcher: this.current.agent,
      headers: {
        // FileAuth hands the file's content over as is, newline included.
        ...(typeof authorization === 'string'
          ? { authorization: authorization.trim() }
          : {}),
        // A kubeconfig user's `as:`: acting as someone narrower.
        ...(typeof impersonate === 'string'
          ? { 'impersonate-user': impersonate }
          : {}),
      },
    };
  }

  async close(): Promise<void> {
    const agent = this.current?.agent;
    this.current = undefined;
    await agent?.close();
  }
}

/** Names the kind of credentials, never their value. */
function describeAuth(auth: KarmadaAuth): string {
  switch (auth.type) {
    case 'tokenFile':
      return `token file ${auth.tokenFile}`;
    case 'kubeconfig':
      return `kubeconfig ${auth.path}${
        auth.context ? ` context ${auth.context}` : ''
      }`;
    default:
      return auth.type;
  }
}

function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}
