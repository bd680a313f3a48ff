import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** `multicluster.registration` and `multicluster.credentialsRefs`. */
export interface RegistrationOptions {
  /** URL patterns Karmada may be sent member credentials to, besides the verified one. */
  allowedApiEndpoints: string[];
  /** Default lifetime of a Pull bootstrap token. */
  bootstrapTokenTtlSeconds: number;
  credentialsRefs: { secret?: string; ttlSeconds: number };
}

/** A bootstrap token only has to last until the agent's certificate is issued. */
export const MAX_BOOTSTRAP_TOKEN_TTL_SECONDS = 3600;
const DEFAULT_BOOTSTRAP_TOKEN_TTL_SECONDS = 600;
const DEFAULT_CREDENTIALS_REF_TTL_HOURS = 24;

export function readRegistrationOptions(config: Config): RegistrationOptions {
  const registration = config.getOptionalConfig('multicluster.registration');
  const ttl =
    registration?.getOptionalNumber('bootstrapTokenTtlSeconds') ??
    DEFAULT_BOOTSTRAP_TOKEN_TTL_SECONDS;
  if (!(ttl > 0 && ttl <= MAX_BOOTSTRAP_TOKEN_TTL_SECONDS)) {
    throw new InputError(
      `multicluster.registration.bootstrapTokenTtlSeconds: ${ttl} is not between 1 and ${MAX_BOOTSTRAP_TOKEN_TTL_SECONDS}`,
    );
  }
  const patterns =
    registration?.getOptionalStringArray('allowedApiEndpoints') ?? [];
  patterns.forEach((pattern, i) => {
    if (!/^https:\/\/[^/?#@]+(\/[^?#]*)?$/.test(pattern)) {
      throw new InputError(
        `multicluster.registration.allowedApiEndpoints[${i}]: '${pattern}' is not an https URL pattern`,
      );
    }
  });
  const refs = config.getOptionalConfig('multicluster.credentialsRefs');
  const hours =
    refs?.getOptionalNumber('ttlHours') ?? DEFAULT_CREDENTIALS_REF_TTL_HOURS;
  if (!(hours > 0 && hours <= 24 * 30)) {
    throw new InputError(
      `multicluster.credentialsRefs.ttlHours: ${hours} is not between 0 and 720`,
    );
  }
  return {
    allowedApiEndpoints: patterns,
    bootstrapTokenTtlSeconds: ttl,
    credentialsRefs: {
      secret: refs?.getOptionalString('secret'),
      ttlSeconds: Math.round(hours * 3600),
    },
  };
}
