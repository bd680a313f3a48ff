import { InputError } from '@backstage/errors';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** Hosts that answer with cloud credentials; never a member API server. */
const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

/** Addresses of cloud metadata services outside the link-local ranges. */
const METADATA_ADDRESSES = new Set([
  'fd00:ec2::254', // AWS IMDS over IPv6
  '100.100.100.200', // Alibaba Cloud
]);

/**
 * Where the actions let credentials go. Karmada sends a member's token to
 * the Cluster's `apiEndpoint`, and an agent sends its certificate to the
 * Karmada endpoint it is given: both must be https, must not be a
 * link-local or metadata address, and must be the endpoint the verified
 * credentials answered on, unless configuration allows it.
 */
export class EndpointPolicy {
  constructor(
    /** `multicluster.registration.allowedApiEndpoints`: URL patterns, `*` for one host label. */
    private readonly allowedPatterns: string[],
    private readonly resolve: (
      host: string,
    ) => Promise<string[]> = async host =>
      (await lookup(host, { all: true, verbatim: true })).map(a => a.address),
  ) {}

  /**
   * Checks a URL credentials will be sent to. `verified` is the URL the
   * action reached and authenticated itself; another URL must match a
   * configured pattern.
   */
  async requireCredentialEndpoint(
    field: string,
    value: string,
    verified?: string,
  ): Promise<string> {
    const url = parseHttps(field, value);
    await this.refuseInternalAddress(field, url);
    const normalized = normalize(url);
    if (verified && normalized === normalize(new URL(verified))) {
      return normalized;
    }
    if (this.allowedPatterns.some(p => matches(p, url))) return normalized;
    throw new InputError(
      `${field}: '${normalized}' is neither the endpoint the member's credentials were verified on${
        verified ? ` (${normalize(new URL(verified))})` : ''
      } nor allowed by multicluster.registration.allowedApiEndpoints`,
    );
  }

  /** Checks an endpoint the actions themselves connect to with credentials. */
  async requireSafeEndpoint(field: string, value: string): Promise<void> {
    await this.refuseInternalAddress(field, parseHttps(field, value));
  }

  private async refuseInternalAddress(field: string, url: URL) {
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (METADATA_HOSTS.has(host.replace(/\.$/, ''))) {
      throw new InputError(
        `${field}: ${host} is a cloud metadata service, not an API server`,
      );
    }
    let addresses: string[];
    if (isIP(host)) {
      addresses = [host];
    } else {
      try {
        addresses = await this.resolve(host);
      } catch (error) {
        throw new InputError(
          `${field}: cannot resolve ${host}: ${(error as Error).message}`,
        );
      }
    }
    for (const address of addresses) {
      const problem = internalAddressProblem(address);
      if (problem) {
        throw new InputError(
          `${field}: ${host}${
            address === host ? '' : ` (${address})`
          } is ${problem}; credentials are never sent there`,
        );
      }
    }
  }
}

function parseHttps(field: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`${field}: '${value}' is not a URL`);
  }
  if (url.protocol !== 'https:') {
    throw new InputError(
      `${field}: must be an https URL (credentials are sent there), got '${url.protocol}'`,
    );
  }
  if (url.username || url.password) {
    throw new InputError(`${field}: must not carry credentials`);
  }
  if (url.search || url.hash) {
    throw new InputError(`${field}: must not have a query or fragment`);
  }
  return url;
}

function normalize(url: URL): string {
  const port = url.port && url.port !== '443' ? `:${url.port}` : '';
  const path = url.pathname.replace(/\/+$/, '');
  return `https://${url.hostname.toLowerCase()}${port}${path}`;
}

/** `https://*.eks.example.com:443` style patterns; `*` is one DNS label. */
function matches(pattern: string, url: URL): boolean {
  const escaped = pattern
    .replace(/\/+$/, '')
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[a-z0-9-]+');
  return new RegExp(`^${escaped}$`, 'i').test(normalize(url));
}

/** Why an address must not receive credentials, or undefined. */
export function internalAddressProblem(address: string): string | undefined {
  const a = address.toLowerCase();
  if (METADATA_ADDRESSES.has(a)) return 'a cloud metadata address';
  if (isIP(a) === 4) {
    const [x, y] = a.split('.').map(Number);
    if (x === 169 && y === 254)
      return 'a link-local address (cloud metadata lives there)';
    if (x === 0) return 'an unspecified address';
    return undefined;
  }
  if (isIP(a) === 6) {
    if (/^fe[89ab]/.test(a)) return 'a link-local address';
    if (a === '::') return 'an unspecified address';
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
    if (mapped) return internalAddressProblem(mapped[1]);
  }
  return undefined;
}
