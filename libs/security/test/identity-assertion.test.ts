import { createHash } from 'node:crypto';
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { ErrorCode } from '@parley/contracts';
import { createTestRedis, type TestRedis } from '@parley/testing';
import * as signer from '@parley/identity-signer';
import {
  createReplayGuard,
  generateToken,
  IDENTITY_ASSERTION_TYP,
  verifyIdentityAssertion,
  type IdentityApp,
  type IdentityAssertionDeps,
} from '../src';
import { hmacToken, nowSeconds, rejection, unsignedToken, withEditedPayload } from './jwt-fixtures';

const AUDIENCE = 'parley-widget-api';
const user = { userId: 'user-42', name: 'Ada Lovelace', email: 'ada@example.com' };

let redis: TestRedis;
let deps: IdentityAssertionDeps;
const apps = new Map<string, IdentityApp>();
const hsSecret = generateToken('cs_');
let rsa: { privateKey: CryptoKey; publicKey: CryptoKey; publicPem: string };
let ec: { privateKey: CryptoKey; publicJwk: JWK; publicPem: string; privateJwk: JWK };

beforeAll(async () => {
  redis = createTestRedis('security');
  deps = { audience: AUDIENCE, resolveApp: async (id) => apps.get(id) ?? null, replay: createReplayGuard(redis.redis, redis.ns) };
  const r = await generateKeyPair('RS256', { extractable: true });
  rsa = { ...r, publicPem: await exportSPKI(r.publicKey) };
  const e = await generateKeyPair('ES256', { extractable: true });
  ec = { ...e, publicJwk: await exportJWK(e.publicKey), privateJwk: await exportJWK(e.privateKey), publicPem: await exportSPKI(e.publicKey) };

  const app = (clientId: string, keys: IdentityApp['keys']) => apps.set(clientId, { appId: `app-${clientId}`, orgId: 'org-1', keys });
  app('ci_hs', [{ kid: 'hs1', algorithm: 'HS256', secret: hsSecret }]);
  app('ci_rs', [{ kid: 'rs1', algorithm: 'RS256', publicKeyPem: rsa.publicPem }]);
  app('ci_es', [{ kid: 'es1', algorithm: 'ES256', publicKeyJwk: ec.publicJwk }]);
  app('ci_es_pem', [{ kid: 'es1', algorithm: 'ES256', publicKeyPem: ec.publicPem }]);
  app('ci_two', [
    { kid: 'old', algorithm: 'HS256', secret: generateToken('cs_') },
    { kid: 'new', algorithm: 'HS256', secret: hsSecret },
  ]);
});
afterAll(() => redis.cleanup());

const hs = { clientId: 'ci_hs', algorithm: 'HS256', clientSecret: hsSecret } as const;
/** Identity-shaped claims for hand-made tokens; each test changes the one thing it checks. */
function claims(overrides: Record<string, unknown> = {}) {
  const iat = nowSeconds();
  return { iss: 'ci_hs', aud: AUDIENCE, sub: 'user-42', iat, exp: iat + 300, jti: generateToken('jti_'), ...overrides };
}
const hsHeader = (overrides: Record<string, unknown> = {}) => ({ alg: 'HS256', typ: IDENTITY_ASSERTION_TYP, kid: 'hs1', ...overrides });
const signHs = (payload: Record<string, unknown>, header: Record<string, unknown> = hsHeader()) =>
  new SignJWT(payload).setProtectedHeader(header as { alg: string }).sign(new TextEncoder().encode(hsSecret));

async function expectRefused(token: string | Promise<string>, code: ErrorCode, reason: string, extra: Partial<IdentityAssertionDeps> = {}) {
  const error = await rejection(verifyIdentityAssertion(await token, { ...deps, ...extra }));
  expect({ statusCode: error.statusCode, code: error.code, message: error.message }).toEqual({
    statusCode: 401,
    code,
    message: `Identity assertion rejected: ${reason}`,
  });
}

describe('identity assertions: accepted', () => {
  it('uses the same typ as @parley/identity-signer', () => {
    expect(IDENTITY_ASSERTION_TYP).toBe('parley-identity+jwt');
    expect(signer.IDENTITY_ASSERTION_TYP).toBe(IDENTITY_ASSERTION_TYP);
    expect(signer.DEFAULT_AUDIENCE).toBe(AUDIENCE);
  });

  it('HS256 from the signer, without kid when the app has one key', async () => {
    const { jwt, expiresIn } = await signer.signIdentityAssertion(hs, user);
    expect(expiresIn).toBe(300);
    const identity = await verifyIdentityAssertion(jwt, deps);
    expect(identity).toEqual({
      appId: 'app-ci_hs',
      orgId: 'org-1',
      externalId: 'user-42',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      jti: expect.any(String),
      expiresAt: expect.any(Date),
    });
    expect(Math.round((identity.expiresAt.getTime() - Date.now()) / 1000)).toBeGreaterThan(295);
  });

  it('HS256 choosing by kid among several keys', async () => {
    const { jwt } = await signer.signIdentityAssertion({ ...hs, clientId: 'ci_two', kid: 'new' }, { userId: 'u' });
    await expect(verifyIdentityAssertion(jwt, deps)).resolves.toMatchObject({ appId: 'app-ci_two', externalId: 'u' });
  });

  it('RS256 with a PEM private key, verified against a PEM public key', async () => {
    const privateKey = await exportPKCS8(rsa.privateKey);
    const { jwt } = await signer.signIdentityAssertion({ clientId: 'ci_rs', kid: 'rs1', algorithm: 'RS256', privateKey }, user);
    await expect(verifyIdentityAssertion(jwt, deps)).resolves.toMatchObject({ appId: 'app-ci_rs', externalId: 'user-42' });
  });

  it.each(['ci_es', 'ci_es_pem'])('ES256 with a JWK private key, verified against %s (JWK / PEM public key)', async (clientId) => {
    const { jwt } = await signer.signIdentityAssertion({ clientId, kid: 'es1', algorithm: 'ES256', privateKey: ec.privateJwk }, { userId: 'u-es' });
    await expect(verifyIdentityAssertion(jwt, deps)).resolves.toMatchObject({ appId: `app-${clientId}`, externalId: 'u-es' });
  });

  it('ES256 with a CryptoKey private key', async () => {
    const { jwt } = await signer.signIdentityAssertion({ clientId: 'ci_es', kid: 'es1', algorithm: 'ES256', privateKey: ec.privateKey }, user);
    await expect(verifyIdentityAssertion(jwt, deps)).resolves.toMatchObject({ appId: 'app-ci_es' });
  });

  it('tolerates 60 s of skew on nbf and iat', async () => {
    const soon = nowSeconds() + 50;
    const accepted = { externalId: 'user-42' };
    await expect(verifyIdentityAssertion(await signHs(claims({ nbf: soon })), deps)).resolves.toMatchObject(accepted);
    await expect(verifyIdentityAssertion(await signHs(claims({ iat: soon, exp: soon + 300 })), deps)).resolves.toMatchObject(accepted);
  });

  it('accepts exactly one hour of lifetime', async () => {
    const iat = nowSeconds();
    await expect(verifyIdentityAssertion(await signHs(claims({ iat, exp: iat + 3600 })), deps)).resolves.toBeDefined();
  });
});

describe('identity assertions: refused', () => {
  it('alg: none', () => expectRefused(unsignedToken(hsHeader({ alg: 'none' }), claims()), ErrorCode.TOKEN_INVALID, 'algorithm not allowed'));

  it('HS256 signed with the RSA public key PEM as the HMAC secret (algorithm confusion)', async () => {
    const forged = hmacToken(hsHeader({ kid: 'rs1' }), claims({ iss: 'ci_rs' }), rsa.publicPem);
    await expectRefused(forged, ErrorCode.TOKEN_INVALID, 'algorithm does not match the key');
    // Same with no kid, so the app's only (RS256) key is selected by default.
    const noKid = hmacToken({ alg: 'HS256', typ: IDENTITY_ASSERTION_TYP }, claims({ iss: 'ci_rs' }), rsa.publicPem);
    await expectRefused(noKid, ErrorCode.TOKEN_INVALID, 'algorithm does not match the key');
  });

  it('an algorithm other than the credential’s (RS256 token for an ES256 key)', async () => {
    const token = new SignJWT(claims({ iss: 'ci_es' }))
      .setProtectedHeader({ alg: 'RS256', typ: IDENTITY_ASSERTION_TYP, kid: 'es1' })
      .sign(rsa.privateKey);
    await expectRefused(token, ErrorCode.TOKEN_INVALID, 'algorithm does not match the key');
  });

  it('an unsupported algorithm even when the key could do it (HS512)', () =>
    expectRefused(signHs(claims(), hsHeader({ alg: 'HS512' })), ErrorCode.TOKEN_INVALID, 'algorithm not allowed'));

  it('an unknown kid, and no kid when the app has several keys', async () => {
    await expectRefused(signHs(claims(), hsHeader({ kid: 'nope' })), ErrorCode.TOKEN_INVALID, 'unknown key id');
    await expectRefused(signHs(claims({ iss: 'ci_two' }), hsHeader({ kid: undefined })), ErrorCode.TOKEN_INVALID, 'unknown key id');
  });

  it('an unknown or missing iss', async () => {
    await expectRefused(signHs(claims({ iss: 'ci_unknown' })), ErrorCode.TOKEN_INVALID, 'unknown issuer');
    await expectRefused(signHs(claims({ iss: undefined })), ErrorCode.TOKEN_INVALID, '"iss" is missing');
  });

  it('a wrong secret under the right kid', async () => {
    const { jwt } = await signer.signIdentityAssertion({ ...hs, clientSecret: generateToken('cs_'), kid: 'hs1' }, user);
    await expectRefused(jwt, ErrorCode.TOKEN_INVALID, 'bad signature');
  });

  it('expired (beyond 60 s of skew)', async () => {
    const { jwt } = await signer.signIdentityAssertion(hs, user, { ttlSeconds: 60 });
    await expectRefused(jwt, ErrorCode.TOKEN_EXPIRED, 'expired', { now: () => new Date(Date.now() + 121_000) });
  });

  it('nbf or iat more than 60 s in the future', async () => {
    const later = nowSeconds() + 90;
    await expectRefused(signHs(claims({ nbf: later })), ErrorCode.TOKEN_INVALID, '"nbf" is not acceptable');
    await expectRefused(signHs(claims({ iat: later, exp: later + 300 })), ErrorCode.TOKEN_INVALID, '"iat" is in the future');
  });

  it('a lifetime over one hour, which the signer refuses to make', async () => {
    const iat = nowSeconds();
    await expectRefused(signHs(claims({ iat, exp: iat + 3601 })), ErrorCode.TOKEN_INVALID, 'lifetime exceeds 3600 s');
    await expectRefused(signHs(claims({ iat, exp: iat + 600 })), ErrorCode.TOKEN_INVALID, 'lifetime exceeds 300 s', { maxLifetimeSeconds: 300 });
    await expect(signer.signIdentityAssertion(hs, user, { ttlSeconds: 3601 })).rejects.toThrow(RangeError);
  });

  it('a wrong aud', async () => {
    const { jwt } = await signer.signIdentityAssertion(hs, user, { audience: 'another-service' });
    await expectRefused(jwt, ErrorCode.TOKEN_INVALID, '"aud" is not acceptable');
  });

  it.each([['JWT'], ['parley-widget+jwt'], [undefined]])('typ %s', (typ) =>
    expectRefused(signHs(claims(), hsHeader({ typ })), ErrorCode.TOKEN_INVALID, '"typ" must be parley-identity+jwt'));

  it.each([
    ['jti', '"jti" is missing'],
    ['exp', '"exp" is missing'],
    ['iat', '"iat" is missing'],
    ['sub', '"sub" is missing'],
  ])('a missing %s', (claim, reason) => expectRefused(signHs(claims({ [claim]: undefined })), ErrorCode.TOKEN_INVALID, reason));

  it.each([
    ['an empty sub', { sub: '' }, '"sub" must be a string of 1-255 characters'],
    ['a 256-character sub', { sub: 'x'.repeat(256) }, '"sub" must be a string of 1-255 characters'],
    ['a numeric sub', { sub: 42 }, '"sub" must be a string of 1-255 characters'],
    ['a malformed email', { email: 'not-an-email' }, '"email" is not an e-mail address'],
    ['a non-string name', { name: { first: 'Ada' } }, '"name" must be a string of 1-255 characters'],
  ])('%s', (_label, extra, reason) => expectRefused(signHs(claims(extra)), ErrorCode.TOKEN_INVALID, reason));

  it('a payload changed after signing', async () => {
    const { jwt } = await signer.signIdentityAssertion(hs, user);
    await expectRefused(withEditedPayload(jwt, (p) => (p.sub = 'admin')), ErrorCode.TOKEN_INVALID, 'bad signature');
  });

  it('a replayed jti, remembered in Redis until exp plus the skew', async () => {
    const { jwt } = await signer.signIdentityAssertion(hs, user, { ttlSeconds: 300 });
    const first = await verifyIdentityAssertion(jwt, deps);
    await expectRefused(jwt, ErrorCode.TOKEN_REPLAYED, 'already used');

    const key = redis.ns.key('jti', 'ci_hs', createHash('sha256').update(first.jti).digest('hex'));
    const ttl = await redis.redis.ttl(key);
    expect(ttl).toBeGreaterThan(300 + 60 - 5);
    expect(ttl).toBeLessThanOrEqual(300 + 60);
  });

  it('a refused token does not use up its jti', async () => {
    const { jwt } = await signer.signIdentityAssertion(hs, user);
    await expectRefused(jwt, ErrorCode.TOKEN_INVALID, '"aud" is not acceptable', { audience: 'elsewhere' });
    await expect(verifyIdentityAssertion(jwt, deps)).resolves.toMatchObject({ externalId: 'user-42' });
  });

  it('concurrent uses of one token: exactly one wins', async () => {
    const { jwt } = await signer.signIdentityAssertion(hs, user);
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => verifyIdentityAssertion(jwt, deps)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  });
});
