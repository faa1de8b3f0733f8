import { createHash } from 'node:crypto';
import { importPKCS8, SignJWT, type CryptoKey } from 'jose';
import type { ApnsSecret } from '../credentials/apns-credential';

/**
 * Apple refuses a provider token older than 60 minutes (ExpiredProviderToken) and one replaced
 * more often than every 20 (TooManyProviderTokenUpdates). 50 minutes sits inside that window
 * with room for clock skew on either side.
 */
export const PROVIDER_TOKEN_REFRESH_MS = 50 * 60_000;
export const PROVIDER_TOKEN_MIN_AGE_MS = 20 * 60_000;

interface Cached {
  token: string;
  issuedAt: number;
}

/**
 * ES256 provider tokens for APNs token authentication: header `kid` = Key ID, claims `iss` =
 * Team ID and `iat`. One token per key, reused by every request until it is 50 minutes old.
 */
export class ApnsProviderTokens {
  private readonly cache = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<Cached>>();
  private readonly keys = new Map<string, Promise<CryptoKey>>();

  constructor(private readonly clock: () => number = Date.now) {}

  private readonly ids = new WeakMap<ApnsSecret, string>();

  /** Per key, not per key id: a re-uploaded key under the same id must not reuse the old token. */
  private id(secret: ApnsSecret): string {
    let id = this.ids.get(secret);
    if (!id) this.ids.set(secret, (id = createHash('sha256').update(`${secret.teamId}:${secret.keyId}:`).update(secret.privateKey).digest('hex')));
    return id;
  }

  async get(secret: ApnsSecret): Promise<string> {
    const id = this.id(secret);
    const cached = this.cache.get(id);
    if (cached && this.clock() - cached.issuedAt < PROVIDER_TOKEN_REFRESH_MS) return cached.token;
    let flight = this.pending.get(id);
    if (!flight) {
      flight = this.sign(secret).finally(() => this.pending.delete(id));
      this.pending.set(id, flight);
    }
    const fresh = await flight;
    this.cache.set(id, fresh);
    return fresh.token;
  }

  /**
   * APNs said ExpiredProviderToken for `token`: drop it so the next `get` signs a new one. Only
   * if it is still the current one: concurrent failures of one token cause a single refresh.
   */
  invalidate(secret: ApnsSecret, token: string): void {
    const id = this.id(secret);
    if (this.cache.get(id)?.token === token) this.cache.delete(id);
  }

  private async sign(secret: ApnsSecret): Promise<Cached> {
    const id = this.id(secret);
    let key = this.keys.get(id);
    if (!key) this.keys.set(id, (key = importPKCS8(secret.privateKey, 'ES256')));
    const issuedAt = this.clock();
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: secret.keyId })
      .setIssuer(secret.teamId)
      .setIssuedAt(Math.floor(issuedAt / 1000))
      .sign(await key);
    return { token, issuedAt };
  }
}
