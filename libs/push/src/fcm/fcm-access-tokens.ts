import { createHash } from 'node:crypto';
import { importPKCS8, SignJWT, type CryptoKey } from 'jose';
import type { FcmServiceAccount } from '../credentials/fcm-credential';
import type { HttpPoster } from '../transport/https-client';

export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
/** Google's assertions may live at most one hour. */
const ASSERTION_TTL_S = 3600;
/** A token is replaced this long before it expires, so no send ever carries one that just lapsed. */
export const ACCESS_TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

/** The token endpoint refused the service account (revoked key, wrong email): no retry will help. */
export class FcmAuthRejected extends Error {
  override readonly name = 'FcmAuthRejected';
}

interface Cached {
  token: string;
  expiresAt: number;
}

/**
 * OAuth2 access tokens for FCM HTTP v1 by the JWT-bearer grant (RFC 7523): an RS256 assertion
 * signed with the service account's key is exchanged at the token endpoint. One token per service
 * account, cached until shortly before it expires; concurrent sends share one request for it.
 */
export class FcmAccessTokens {
  private readonly cache = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<Cached>>();
  private readonly keys = new Map<string, Promise<CryptoKey>>();

  constructor(
    private readonly http: HttpPoster,
    private readonly tokenUrl: string,
    private readonly clock: () => number = Date.now,
  ) {}

  private readonly ids = new WeakMap<FcmServiceAccount, string>();

  /** A new key uploaded for the same account must not reuse the old key's token. */
  private cacheKey(sa: FcmServiceAccount): string {
    let id = this.ids.get(sa);
    if (!id) this.ids.set(sa, (id = createHash('sha256').update(sa.clientEmail).update('\0').update(sa.privateKey).digest('hex')));
    return id;
  }

  async get(sa: FcmServiceAccount): Promise<string> {
    const key = this.cacheKey(sa);
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt - ACCESS_TOKEN_REFRESH_MARGIN_MS > this.clock()) return cached.token;
    let flight = this.pending.get(key);
    if (!flight) {
      flight = this.fetch(sa).finally(() => this.pending.delete(key));
      this.pending.set(key, flight);
    }
    const fresh = await flight;
    this.cache.set(key, fresh);
    return fresh.token;
  }

  /** FCM answered 401 with this token: forget it (unless a newer one already replaced it). */
  invalidate(sa: FcmServiceAccount, token: string): void {
    const key = this.cacheKey(sa);
    if (this.cache.get(key)?.token === token) this.cache.delete(key);
  }

  private signingKey(sa: FcmServiceAccount): Promise<CryptoKey> {
    const id = this.cacheKey(sa);
    let key = this.keys.get(id);
    if (!key) this.keys.set(id, (key = importPKCS8(sa.privateKey, 'RS256')));
    return key;
  }

  private async fetch(sa: FcmServiceAccount): Promise<Cached> {
    const now = Math.floor(this.clock() / 1000);
    const assertion = await new SignJWT({ scope: FCM_SCOPE })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(sa.privateKeyId ? { kid: sa.privateKeyId } : {}) })
      .setIssuer(sa.clientEmail)
      .setAudience(this.tokenUrl)
      .setIssuedAt(now)
      .setExpirationTime(now + ASSERTION_TTL_S)
      .sign(await this.signingKey(sa));
    const form = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString();
    const answer = await this.http.post(this.tokenUrl, { 'content-type': 'application/x-www-form-urlencoded' }, form);
    let json: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
    try {
      json = JSON.parse(answer.body) as typeof json;
    } catch {
      // Handled by the status checks below.
    }
    if (answer.status === 400 || answer.status === 401 || answer.status === 403) {
      throw new FcmAuthRejected(`token endpoint refused the service account: ${String(json.error ?? answer.status)} ${String(json.error_description ?? '')}`.trim());
    }
    if (answer.status !== 200 || typeof json.access_token !== 'string') throw new Error(`token endpoint answered ${answer.status}`);
    const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : 3600;
    return { token: json.access_token, expiresAt: this.clock() + expiresIn * 1000 };
  }
}
