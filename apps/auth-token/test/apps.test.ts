import { createHash } from 'node:crypto';
import { useTestInfra } from '@parley/testing';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_SECURITY } from '@parley/service-kit';
import { signingKeySecretAad } from '@parley/db';
import { createCipherKeyring, hashToken } from '@parley/security';
import { buildApp } from '../src/app';
import { adminSession } from './fixtures';
import { ecPair, rsaPair } from './keys';

const infra = useTestInfra();
const cipher = createCipherKeyring(DEFAULT_SECURITY.encryptionKeys);
const rsa = rsaPair();
const ec = ecPair();
const spkiFingerprint = (pem: string) =>
  createHash('sha256').update(Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')).digest('hex').slice(0, 16);

describe('registered apps', () => {
  let app: FastifyInstance;
  let acme: Awaited<ReturnType<typeof adminSession>>;
  let other: Awaited<ReturnType<typeof adminSession>>;
  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    acme = await adminSession(app, infra.db, 'apps-acme');
    other = await adminSession(app, infra.db, 'apps-other');
  });
  afterAll(() => app.close());

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, who = acme) =>
    app.inject({ method, url, headers: who.session.headers, ...(payload ? { payload } : {}) });
  const expectError = (res: { statusCode: number; json(): { code: string } }, status: number, code: string) =>
    expect({ status: res.statusCode, code: res.json().code }).toEqual({ status, code });

  it('creates an app with a client secret and public keys, listing fingerprints but never secrets', async () => {
    const res = await call('POST', '/api/apps', {
      name: 'Storefront backend',
      public_keys: [
        { kid: 'rsa-2025', algorithm: 'RS256', pem: rsa.publicPem },
        { kid: 'ec-2025', algorithm: 'ES256', jwk: ec.publicJwk },
      ],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.client_id).toMatch(/^ci_[A-Za-z0-9_-]{22}$/);
    expect(body.client_secret).toMatch(/^cs_[A-Za-z0-9_-]{32}$/);
    expect(body.keys).toEqual([
      { kid: body.client_secret_kid, algorithm: 'HS256', fingerprint: hashToken(body.client_secret).slice(0, 16), created_at: expect.any(String), revoked_at: null },
      { kid: 'rsa-2025', algorithm: 'RS256', fingerprint: spkiFingerprint(rsa.publicPem), created_at: expect.any(String), revoked_at: null },
      { kid: 'ec-2025', algorithm: 'ES256', fingerprint: spkiFingerprint(ec.publicPem), created_at: expect.any(String), revoked_at: null },
    ]);

    // Encrypted (to sign and verify) and hashed (to authenticate), bound to its own row.
    const row = await infra.db.appSigningKey.findFirstOrThrow({ where: { kid: body.client_secret_kid } });
    expect(row.secretEnc).not.toContain(body.client_secret);
    expect(row.secretHash).toBe(hashToken(body.client_secret));
    expect(cipher.decrypt(row.secretEnc!, signingKeySecretAad(row.id))).toBe(body.client_secret);
    const otherRow = await infra.db.appSigningKey.findFirstOrThrow({ where: { kid: 'rsa-2025' } });
    expect(() => cipher.decrypt(row.secretEnc!, signingKeySecretAad(otherRow.id))).toThrow();

    for (const url of ['/api/apps', `/api/apps/${body.id}`]) {
      const listed = await call('GET', url);
      expect(listed.statusCode).toBe(200);
      expect(listed.body).not.toContain(body.client_secret);
      expect(listed.body).not.toContain(row.secretEnc);
      expect(listed.body).not.toContain(row.secretHash);
    }
    const one = (await call('GET', `/api/apps/${body.id}`)).json();
    expect(one).toEqual({ id: body.id, name: 'Storefront backend', client_id: body.client_id, created_at: body.created_at, revoked_at: null, keys: body.keys });
  });

  it('creates a key-pair-only app when client_secret is false, and refuses an app with no credential', async () => {
    const res = await call('POST', '/api/apps', { name: 'Keys only', client_secret: false, public_keys: [{ kid: 'k1', algorithm: 'ES256', pem: ec.publicPem }] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).not.toHaveProperty('client_secret');
    expect(res.json().keys.map((k: { algorithm: string }) => k.algorithm)).toEqual(['ES256']);
    expectError(await call('POST', '/api/apps', { name: 'Nothing', client_secret: false }), 400, 'VALIDATION_FAILED');
  });

  const rsaPkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const ecSec1 = ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString();
  it.each([
    ['a PKCS#8 private key', { algorithm: 'RS256', pem: rsa.privatePem }, 'PRIVATE_KEY_SUBMITTED'],
    ['a PKCS#1 private key', { algorithm: 'RS256', pem: rsaPkcs1 }, 'PRIVATE_KEY_SUBMITTED'],
    ['a SEC1 private key', { algorithm: 'ES256', pem: ecSec1 }, 'PRIVATE_KEY_SUBMITTED'],
    ['a private JWK', { algorithm: 'ES256', jwk: ec.privateJwk }, 'PRIVATE_KEY_SUBMITTED'],
    ['a 1024-bit RSA key', { algorithm: 'RS256', pem: rsaPair(1024).publicPem }, 'INVALID_PUBLIC_KEY'],
    ['a P-384 key for ES256', { algorithm: 'ES256', pem: ecPair('P-384').publicPem }, 'INVALID_PUBLIC_KEY'],
    ['an RSA key for ES256', { algorithm: 'ES256', pem: rsa.publicPem }, 'INVALID_PUBLIC_KEY'],
    ['an EC key for RS256', { algorithm: 'RS256', jwk: ec.publicJwk }, 'INVALID_PUBLIC_KEY'],
    ['a PEM that is not a key', { algorithm: 'RS256', pem: '-----BEGIN PUBLIC KEY-----\nbm9wZQ==\n-----END PUBLIC KEY-----' }, 'INVALID_PUBLIC_KEY'],
    ['a symmetric JWK', { algorithm: 'RS256', jwk: { kty: 'oct', k: 'c2VjcmV0' } }, 'INVALID_PUBLIC_KEY'],
    ['a JWK that is not a key', { algorithm: 'ES256', jwk: { kty: 'EC', crv: 'P-256', x: 'AA' } }, 'INVALID_PUBLIC_KEY'],
    ['an EC JWK off the curve', { algorithm: 'ES256', jwk: { ...ec.publicJwk, y: ec.publicJwk.x } }, 'INVALID_PUBLIC_KEY'],
    ['an RSA JWK with a tiny modulus', { algorithm: 'RS256', jwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } }, 'INVALID_PUBLIC_KEY'],
    ['a JWK with an unknown kty', { algorithm: 'RS256', jwk: { kty: 'nope' } }, 'INVALID_PUBLIC_KEY'],
    ['both pem and jwk', { algorithm: 'ES256', pem: ec.publicPem, jwk: ec.publicJwk }, 'INVALID_PUBLIC_KEY'],
    ['neither pem nor jwk', { algorithm: 'ES256' }, 'INVALID_PUBLIC_KEY'],
    ['an unsupported algorithm', { algorithm: 'HS256', pem: ec.publicPem }, 'VALIDATION_FAILED'],
  ])('refuses %s with 400 and a clear code', async (_label, key, code) => {
    const res = await call('POST', '/api/apps', { name: 'Bad key', public_keys: [{ kid: 'k', ...key }] });
    expectError(res, 400, code);
    if (code === 'PRIVATE_KEY_SUBMITTED') expect(res.json().message).toMatch(/private key.*public half/i);
  });

  it('refuses a kid given twice (409) and a kid with odd characters (400)', async () => {
    const twice = await call('POST', '/api/apps', {
      name: 'Twice',
      public_keys: [
        { kid: 'same', algorithm: 'RS256', pem: rsa.publicPem },
        { kid: 'same', algorithm: 'ES256', pem: ec.publicPem },
      ],
    });
    expectError(twice, 409, 'ALREADY_EXISTS');
    expectError(await call('POST', '/api/apps', { name: 'Odd', public_keys: [{ kid: 'a b/c', algorithm: 'ES256', pem: ec.publicPem }] }), 400, 'VALIDATION_FAILED');
  });

  it('rotates: keys are added and retired by kid, secrets rotate under a new kid, retired kids are never reused', async () => {
    const created = (await call('POST', '/api/apps', { name: 'Rotating' })).json();
    const added = await call('POST', `/api/apps/${created.id}/keys`, { kid: 'rsa-1', algorithm: 'RS256', pem: rsa.publicPem });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ kid: 'rsa-1', algorithm: 'RS256', revoked_at: null });
    expectError(await call('POST', `/api/apps/${created.id}/keys`, { kid: 'rsa-1', algorithm: 'ES256', pem: ec.publicPem }), 409, 'ALREADY_EXISTS');

    const rotated = await call('POST', `/api/apps/${created.id}/secret`);
    expect(rotated.statusCode).toBe(201);
    const next = rotated.json();
    expect(next.client_secret).not.toBe(created.client_secret);
    expect(next.client_secret_kid).not.toBe(created.client_secret_kid);
    const active = next.keys.filter((k: { revoked_at: string | null }) => k.revoked_at === null).map((k: { kid: string }) => k.kid);
    expect(active).toEqual([created.client_secret_kid, 'rsa-1', next.client_secret_kid]);

    expect((await call('DELETE', `/api/apps/${created.id}/keys/${created.client_secret_kid}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/apps/${created.id}/keys/rsa-1`)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/apps/${created.id}/keys/rsa-1`)).statusCode).toBe(204);
    expectError(await call('DELETE', `/api/apps/${created.id}/keys/no-such-kid`), 404, 'NOT_FOUND');
    const after = (await call('GET', `/api/apps/${created.id}`)).json();
    expect(after.keys.filter((k: { revoked_at: string | null }) => k.revoked_at === null).map((k: { kid: string }) => k.kid)).toEqual([next.client_secret_kid]);
    expectError(await call('POST', `/api/apps/${created.id}/keys`, { kid: 'rsa-1', algorithm: 'RS256', pem: rsa.publicPem }), 409, 'ALREADY_EXISTS');
  });

  it('revokes an app; a revoked app takes no new keys or secrets', async () => {
    const created = (await call('POST', '/api/apps', { name: 'Doomed' })).json();
    expect((await call('DELETE', `/api/apps/${created.id}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/apps/${created.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/apps/${created.id}`)).json().revoked_at).toEqual(expect.any(String));
    expectError(await call('POST', `/api/apps/${created.id}/secret`), 409, 'CONFLICT');
    expectError(await call('POST', `/api/apps/${created.id}/keys`, { kid: 'late', algorithm: 'ES256', pem: ec.publicPem }), 409, 'CONFLICT');
  });

  it("answers 404 for another organization's app on every route, and 400 for a malformed id", async () => {
    const theirs = (await call('POST', '/api/apps', { name: 'Theirs' }, other)).json();
    const attempts: Array<[('GET' | 'POST' | 'DELETE'), string, object?]> = [
      ['GET', `/api/apps/${theirs.id}`],
      ['DELETE', `/api/apps/${theirs.id}`],
      ['POST', `/api/apps/${theirs.id}/secret`],
      ['POST', `/api/apps/${theirs.id}/keys`, { kid: 'mine', algorithm: 'ES256', pem: ec.publicPem }],
      ['DELETE', `/api/apps/${theirs.id}/keys/${theirs.client_secret_kid}`],
    ];
    for (const [method, url, payload] of attempts) expectError(await call(method, url, payload), 404, 'NOT_FOUND');
    expect((await call('GET', '/api/apps')).json().apps.map((a: { id: string }) => a.id)).not.toContain(theirs.id);
    const untouched = (await call('GET', `/api/apps/${theirs.id}`, undefined, other)).json();
    expect(untouched.revoked_at).toBeNull();
    expect(untouched.keys).toHaveLength(1);
    expect(untouched.keys[0].revoked_at).toBeNull();
    expectError(await call('GET', '/api/apps/../../etc'), 404, 'ROUTE_NOT_FOUND');
    expectError(await call('GET', '/api/apps/1234'), 400, 'VALIDATION_FAILED');
    expectError(await call('DELETE', `/api/apps/${theirs.id}/keys/${'x'.repeat(65)}`), 400, 'VALIDATION_FAILED');
  });
});
