import { InputError } from '@backstage/errors';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 'v1';
const SIGNED = /^(.+)@v1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

/**
 * Makes `credentialsRef` a capability instead of a name: the reference
 * `multicluster:cluster:create` outputs carries an HMAC over the provider's
 * reference, the task initiator it was issued to, and an expiry. Another
 * user, a made-up name or an old reference is refused, so knowing a
 * cluster's name does not give its admin credentials.
 */
export class CredentialRefs {
  private readonly key: Buffer;

  constructor(
    key: string | undefined,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    // Without a configured key, references are valid for this process only.
    this.key = key ? Buffer.from(key, 'utf8') : randomBytes(32);
  }

  /** True when the key is per process (references die with a restart). */
  static ephemeralKey(key: string | undefined) {
    return !key;
  }

  /** Signs `<provider>:<id>` for `initiator`. */
  issue(ref: string, initiator: string): string {
    const expires = Math.floor(this.now() / 1000) + this.ttlSeconds;
    return `${ref}@${VERSION}.${expires}.${this.sign(ref, initiator, expires)}`;
  }

  /**
   * Returns the provider's reference when `signed` was issued to
   * `initiator` and has not expired; otherwise an error naming `field`.
   */
  verify(field: string, signed: string, initiator: string): string {
    const match = SIGNED.exec(signed);
    if (!match) {
      throw new InputError(
        `${field}: not a reference issued by multicluster:cluster:create (unsigned references such as '<provider>:<cluster>' are refused)`,
      );
    }
    const [, ref, expiresText, signature] = match;
    const expires = Number(expiresText);
    const expected = Buffer.from(this.sign(ref, initiator, expires));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new InputError(
        `${field}: the reference was not issued to ${initiator} by this Backstage (or was altered)`,
      );
    }
    if (expires * 1000 < this.now()) {
      throw new InputError(
        `${field}: the reference expired at ${new Date(
          expires * 1000,
        ).toISOString()}; run multicluster:cluster:create again for a new one`,
      );
    }
    return ref;
  }

  private sign(ref: string, initiator: string, expires: number): string {
    return createHmac('sha256', this.key)
      .update(`${VERSION}\n${ref}\n${initiator}\n${expires}`)
      .digest('base64url');
  }
}
