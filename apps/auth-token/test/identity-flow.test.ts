import { useTestInfra } from '@parley/testing';
import type { FastifyInstance } from 'fastify';
import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { createIdentityVerifier, markVerifiedEndUser, type IdentityVerifier } from '@parley/auth';
import { signIdentityAssertion } from '@parley/identity-signer';
import { createCipherKeyring } from '@parley/security';
import { DEFAULT_SECURITY } from '@parley/service-kit';
import { buildApp } from '../src/app';
import { adminSession } from './fixtures';
import { assertionFromExampleService, issueToken, registerApp, shapeOf } from './identity-helpers';
import { ecPair, rsaPair } from './keys';

const infra = useTestInfra();
const rsa = rsaPair();
const ec = ecPair();
const USER = { user_id: 'customer-42', name: 'Ada Lovelace', email: 'ada@example.com' };

describe('the JWT flow: assertions from integrators, verified by the platform', () => {
  let app: FastifyInstance;
  let acme: Awaited<ReturnType<typeof adminSession>>;
  let verifier: IdentityVerifier;
  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    acme = await adminSession(app, infra.db, 'jwt-acme');
    verifier = createIdentityVerifier({
      db: infra.db,
      redis: infra.redis.redis,
      ns: infra.redis.ns,
      cipher: createCipherKeyring(DEFAULT_SECURITY.encryptionKeys),
      audience: DEFAULT_SECURITY.identityAudience,
    });
  });
  afterAll(() => app.close());

  const expectRefused = async (assertion: string, code: string) => {
    await expect(verifier.verify(assertion)).rejects.toMatchObject({ statusCode: 401, code });
  };

  it('HS256: the example service and POST /v1/auth/token produce the same kind of assertion, and both verify', async () => {
    const registered = await registerApp(app, acme.session, { name: 'HS app' });
    const fromExample = await assertionFromExampleService(
      { PARLEY_CLIENT_ID: registered.client_id, PARLEY_CLIENT_SECRET: registered.client_secret! },
      USER,
    );
    const hosted = await issueToken(app, registered.client_id, registered.client_secret!, USER);
    expect(hosted.statusCode).toBe(200);
    expect(hosted.json()).toEqual({ jwt: expect.any(String), expires_in: 300 });
    const fromHosted = hosted.json().jwt as string;
    // The hosted service always names its kid; otherwise both are the same signer's output.
    expect(shapeOf(fromHosted)).toEqual({ header: ['alg', 'kid', 'typ'], claims: shapeOf(fromExample).claims });

    for (const assertion of [fromExample, fromHosted]) {
      expect(await verifier.verify(assertion)).toEqual({
        orgId: acme.orgId,
        appId: registered.id,
        externalId: 'customer-42',
        name: 'Ada Lovelace',
        email: 'ada@example.com',
      });
    }
  });

  it.each([
    ['RS256', rsa],
    ['ES256', ec],
  ] as const)('%s: assertions signed with the private half of a registered public key verify', async (algorithm, pair) => {
    const registered = await registerApp(app, acme.session, {
      name: `${algorithm} app`,
      client_secret: false,
      public_keys: [{ kid: `${algorithm}-k1`, algorithm, pem: pair.publicPem }],
    });
    const fromExample = await assertionFromExampleService(
      { PARLEY_CLIENT_ID: registered.client_id, PARLEY_ALGORITHM: algorithm, PARLEY_KEY_ID: `${algorithm}-k1`, PARLEY_PRIVATE_KEY: pair.privatePem },
      { user_id: 'u-7' },
    );
    const direct = await signIdentityAssertion(
      { clientId: registered.client_id, kid: `${algorithm}-k1`, algorithm, privateKey: pair.privateJwk },
      { userId: 'u-7', email: 'u7@example.com' },
    );
    expect(await verifier.verify(fromExample)).toEqual({ orgId: acme.orgId, appId: registered.id, externalId: 'u-7' });
    expect(await verifier.verify(direct.jwt)).toMatchObject({ externalId: 'u-7', email: 'u7@example.com' });
    // An app without a client secret cannot use the hosted service.
    expect((await issueToken(app, registered.client_id, 'cs_anything')).statusCode).toBe(401);
  });

  it('refuses a replayed assertion with 401 TOKEN_REPLAYED', async () => {
    const registered = await registerApp(app, acme.session, { name: 'Replay' });
    const jwt = (await issueToken(app, registered.client_id, registered.client_secret!)).json().jwt as string;
    await verifier.verify(jwt);
    await expectRefused(jwt, 'TOKEN_REPLAYED');
  });

  it('refuses an unknown client (iss), a revoked app and a retired kid', async () => {
    const registered = await registerApp(app, acme.session, {
      name: 'Refusals',
      public_keys: [{ kid: 'ec-old', algorithm: 'ES256', pem: ec.publicPem }],
    });
    const sign = (kid: string, clientId = registered.client_id) =>
      signIdentityAssertion({ clientId, kid, algorithm: 'ES256', privateKey: ec.privatePem }, { userId: 'u-1' }).then((s) => s.jwt);

    await expectRefused(await sign('ec-old', 'ci_not_registered'), 'TOKEN_INVALID');

    const retired = await sign('ec-old');
    expect((await app.inject({ method: 'DELETE', url: `/api/apps/${registered.id}/keys/ec-old`, headers: acme.session.headers })).statusCode).toBe(204);
    await expectRefused(retired, 'TOKEN_INVALID');
    // The app's other credential (its client secret) still works until the app is revoked.
    const stillFine = (await issueToken(app, registered.client_id, registered.client_secret!)).json().jwt as string;
    const revokedLater = (await issueToken(app, registered.client_id, registered.client_secret!)).json().jwt as string;
    await verifier.verify(stillFine);

    expect((await app.inject({ method: 'DELETE', url: `/api/apps/${registered.id}`, headers: acme.session.headers })).statusCode).toBe(204);
    await expectRefused(revokedLater, 'TOKEN_INVALID');
    expect((await issueToken(app, registered.client_id, registered.client_secret!)).statusCode).toBe(401);
  });

  it('refuses an expired assertion, a wrong audience and a wrong secret', async () => {
    const registered = await registerApp(app, acme.session, { name: 'Claims' });
    const secret = new TextEncoder().encode(registered.client_secret!);
    const now = Math.floor(Date.now() / 1000);
    const craft = (claims: { aud?: string; iat?: number; exp?: number }, key: Uint8Array = secret) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'parley-identity+jwt', kid: registered.client_secret_kid! })
        .setIssuer(registered.client_id)
        .setSubject('u-1')
        .setAudience(claims.aud ?? DEFAULT_SECURITY.identityAudience)
        .setIssuedAt(claims.iat ?? now)
        .setExpirationTime(claims.exp ?? now + 300)
        .setJti(`jti-${Math.random()}`)
        .sign(key);
    await verifier.verify(await craft({}));
    await expectRefused(await craft({ iat: now - 600, exp: now - 300 }), 'TOKEN_EXPIRED');
    await expectRefused(await craft({ aud: 'someone-else' }), 'TOKEN_INVALID');
    await expectRefused(await craft({}, new TextEncoder().encode('cs_a_different_secret_of_enough_length_000')), 'TOKEN_INVALID');
    await expectRefused(await craft({ exp: now + 7200 }), 'TOKEN_INVALID');
  });

  it('secret rotation: the old secret keeps verifying (and authenticating) until its kid is retired', async () => {
    const registered = await registerApp(app, acme.session, { name: 'Rotation' });
    const old = { kid: registered.client_secret_kid!, secret: registered.client_secret! };
    const rotated = (await app.inject({ method: 'POST', url: `/api/apps/${registered.id}/secret`, headers: acme.session.headers })).json();
    const signOld = () =>
      signIdentityAssertion({ clientId: registered.client_id, kid: old.kid, algorithm: 'HS256', clientSecret: old.secret }, { userId: 'u' }).then((s) => s.jwt);

    await verifier.verify(await signOld());
    // The hosted service signs with the current (new) secret, whichever active secret authenticated.
    const viaOld = await issueToken(app, registered.client_id, old.secret);
    expect(viaOld.statusCode).toBe(200);
    expect(shapeOf(viaOld.json().jwt).header).toContain('kid');
    await verifier.verify(viaOld.json().jwt);

    await app.inject({ method: 'DELETE', url: `/api/apps/${registered.id}/keys/${old.kid}`, headers: acme.session.headers });
    await expectRefused(await signOld(), 'TOKEN_INVALID');
    expect((await issueToken(app, registered.client_id, old.secret)).statusCode).toBe(401);
    expect((await issueToken(app, registered.client_id, rotated.client_secret)).statusCode).toBe(200);
  });

  it('markVerifiedEndUser: the same person is one verified end user, whatever device they come from', async () => {
    const registered = await registerApp(app, acme.session, { name: 'End users' });
    const first = await verifier.verify((await issueToken(app, registered.client_id, registered.client_secret!, USER)).json().jwt);
    const row = await markVerifiedEndUser(infra.db, first.orgId, first);
    const second = await verifier.verify((await issueToken(app, registered.client_id, registered.client_secret!, { user_id: USER.user_id })).json().jwt);
    expect((await markVerifiedEndUser(infra.db, second.orgId, second)).id).toBe(row.id);
    const stored = await infra.db.endUser.findUniqueOrThrow({ where: { id: row.id } });
    // Name and e-mail are kept when a later assertion leaves them out.
    expect(stored).toMatchObject({ organizationId: acme.orgId, externalId: 'customer-42', verified: true, displayName: 'Ada Lovelace', email: 'ada@example.com' });
  });

  it('the RSA private key never has to leave the integrator: only a PEM public key was stored', async () => {
    const rows = await infra.db.appSigningKey.findMany({ where: { organizationId: acme.orgId, algorithm: 'RS256' } });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      expect(() => createPrivateKey(row.publicKeyPem!)).toThrow();
    }
  });
});
