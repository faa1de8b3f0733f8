import { webcrypto } from 'node:crypto';
import { createSigner } from 'fast-jwt';
import { jwtVerify, type JWTPayload } from 'jose';
import { ErrorCode } from '@parley/contracts';
import { parseKeyring } from './keyring';
import { fromJoseError, tokenRejected } from './token-errors';
import { readUnverifiedJwt, sameTyp } from './unverified-jwt';
import { randomId128 } from './random-id';

/** Explicit typing (RFC 8725 3.11): no other JWT we sign or accept can pass for a widget token. */
export const WIDGET_TOKEN_TYP = 'parley-widget+jwt';
export const WIDGET_TOKEN_ISSUER = 'parley';
export const WIDGET_TOKEN_AUDIENCE = 'parley-widget';
export const WIDGET_TOKEN_TTL_S = 3600;
/**
 * Widget tokens are minted and checked by our own NTP-synced servers, so their clocks differ by
 * milliseconds, not minutes. 5 s absorbs that and the whole-second rounding of `iat`/`exp`
 * without quietly stretching a 60-minute token; the 60 s allowed for integrators' assertions
 * covers clocks we do not control.
 */
export const WIDGET_TOKEN_CLOCK_TOLERANCE_S = 5;
const MAX_TTL_S = 24 * 3600;
const KIND = 'Widget token';

/** Who the token speaks for. Claim names: sub = visitor, org, bot, conv, chn, eu, prv. */
export interface WidgetTokenSubject {
  orgId: string;
  botId: string;
  conversationId: string;
  visitorId: string;
  channelId?: string;
  endUserId?: string;
  /** A dashboard preview conversation, metered apart from real traffic. */
  preview?: boolean;
}

export interface WidgetClaims extends WidgetTokenSubject {
  preview: boolean;
  jti: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface SignedWidgetToken {
  token: string;
  expiresAt: Date;
  /** Seconds, for an OAuth-style `expires_in`. */
  expiresIn: number;
}

export interface WidgetTokenService {
  sign(subject: WidgetTokenSubject): Promise<SignedWidgetToken>;
  /** Throws AppError 401 (TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_SCOPE_MISMATCH) or returns the claims. */
  verify(token: string, expect?: { conversationId?: string }): Promise<WidgetClaims>;
}

export interface WidgetTokenOptions {
  ttlSeconds?: number;
  issuer?: string;
  clock?: () => Date;
}

const importHmacKey = (raw: Uint8Array): Promise<webcrypto.CryptoKey> =>
  webcrypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);

/** `spec` is WIDGET_JWT_SECRETS: the first secret signs, every secret verifies (rotation). */
export function createWidgetTokenService(spec: string, opts: WidgetTokenOptions = {}): WidgetTokenService {
  const entries = parseKeyring(spec, { minBytes: 32 });
  // For verifying (jose, WebCrypto), imported once: jose would otherwise import the raw key
  // bytes on every call.
  const imported = new Map(entries.map((e) => [e.kid, importHmacKey(e.key)]));
  const keys = { get: (kid: string) => imported.get(kid) };
  // Signed with fast-jwt: a synchronous HMAC (node:crypto). jose signs through WebCrypto, whose
  // HMAC is an async job on libuv's thread pool; for a new visitor's /init that hop was 18% of the
  // gateway's CPU. Every claim is set here (fast-jwt keeps the given iat and exp); tokens
  // are still verified by jose below, with the algorithm pinned.
  const signToken = createSigner({
    key: entries[0]!.key,
    algorithm: 'HS256',
    kid: entries[0]!.kid,
    header: { alg: 'HS256', typ: WIDGET_TOKEN_TYP },
  });
  const ttl = opts.ttlSeconds ?? WIDGET_TOKEN_TTL_S;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_S) throw new RangeError(`ttlSeconds must be an integer in 1..${MAX_TTL_S}`);
  const issuer = opts.issuer ?? WIDGET_TOKEN_ISSUER;
  const clock = opts.clock ?? (() => new Date());

  return {
    async sign(s) {
      for (const field of ['orgId', 'botId', 'conversationId', 'visitorId'] as const) {
        if (!s[field]) throw new TypeError(`widget token needs ${field}`);
      }
      const iat = Math.floor(clock().getTime() / 1000);
      const exp = iat + ttl;
      const token = signToken({
        org: s.orgId,
        bot: s.botId,
        conv: s.conversationId,
        ...(s.channelId ? { chn: s.channelId } : {}),
        ...(s.endUserId ? { eu: s.endUserId } : {}),
        ...(s.preview ? { prv: true } : {}),
        iss: issuer,
        aud: WIDGET_TOKEN_AUDIENCE,
        sub: s.visitorId,
        iat,
        exp,
        jti: randomId128(),
      });
      return { token, expiresAt: new Date(exp * 1000), expiresIn: ttl };
    },

    async verify(token, expect = {}) {
      const parsed = readUnverifiedJwt(token);
      if (!parsed) throw tokenRejected(KIND, ErrorCode.TOKEN_INVALID, 'malformed token');
      // Checked before any key is touched, so `alg: none` or an RS/HS swap never reaches crypto.
      if (parsed.header.alg !== 'HS256') throw tokenRejected(KIND, ErrorCode.TOKEN_INVALID, 'algorithm not allowed');
      if (!sameTyp(parsed.header.typ, WIDGET_TOKEN_TYP)) throw tokenRejected(KIND, ErrorCode.TOKEN_INVALID, 'wrong token type');
      const key = typeof parsed.header.kid === 'string' ? keys.get(parsed.header.kid) : undefined;
      if (!key) throw tokenRejected(KIND, ErrorCode.TOKEN_INVALID, 'unknown key id');

      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, await key, {
          algorithms: ['HS256'],
          typ: WIDGET_TOKEN_TYP,
          issuer,
          audience: WIDGET_TOKEN_AUDIENCE,
          clockTolerance: WIDGET_TOKEN_CLOCK_TOLERANCE_S,
          currentDate: clock(),
          requiredClaims: ['sub', 'iat', 'exp', 'jti'],
        }));
      } catch (err) {
        throw fromJoseError(KIND, err);
      }
      const claims = toWidgetClaims(payload);
      if (expect.conversationId !== undefined && claims.conversationId !== expect.conversationId) {
        throw tokenRejected(KIND, ErrorCode.TOKEN_SCOPE_MISMATCH, 'issued for another conversation');
      }
      return claims;
    },
  };
}

/** A correctly signed token with the wrong shape is still refused: it is not one we issued. */
function toWidgetClaims(p: JWTPayload): WidgetClaims {
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const [orgId, botId, conversationId, visitorId, jti] = [p.org, p.bot, p.conv, p.sub, p.jti].map(text);
  const optional = (v: unknown) => v === undefined || text(v) !== undefined;
  if (!orgId || !botId || !conversationId || !visitorId || !jti || !optional(p.chn) || !optional(p.eu)) {
    throw tokenRejected(KIND, ErrorCode.TOKEN_INVALID, 'claims malformed');
  }
  return {
    orgId,
    botId,
    conversationId,
    visitorId,
    ...(p.chn !== undefined ? { channelId: p.chn as string } : {}),
    ...(p.eu !== undefined ? { endUserId: p.eu as string } : {}),
    preview: p.prv === true,
    jti,
    issuedAt: new Date((p.iat as number) * 1000),
    expiresAt: new Date((p.exp as number) * 1000),
  };
}
