import { exportPKCS8, exportSPKI, generateKeyPair, jwtVerify } from 'jose';
import { DEFAULT_AUDIENCE, IDENTITY_ASSERTION_TYP, signIdentityAssertion, type HmacCredentials } from './sign-identity-assertion';

const secret = 'cs_0123456789abcdefghijklmnopqrstuvwxyz';
const hs: HmacCredentials = { clientId: 'ci_app', algorithm: 'HS256', clientSecret: secret };
const part = (jwt: string, i: 0 | 1) => JSON.parse(Buffer.from(jwt.split('.')[i]!, 'base64url').toString()) as Record<string, unknown>;

describe('signIdentityAssertion', () => {
  it('sets typ, kid, iss, sub, aud, iat, exp (300 s), a random jti, name and email', async () => {
    const { jwt, expiresIn } = await signIdentityAssertion({ ...hs, kid: 'k1' }, { userId: 'u1', name: 'Ada', email: 'ada@example.com' });
    expect(expiresIn).toBe(300);
    expect(part(jwt, 0)).toEqual({ alg: 'HS256', typ: IDENTITY_ASSERTION_TYP, kid: 'k1' });
    const { payload } = await jwtVerify(jwt, new TextEncoder().encode(secret), { typ: 'parley-identity+jwt', audience: DEFAULT_AUDIENCE });
    expect(payload).toMatchObject({ iss: 'ci_app', sub: 'u1', aud: 'parley-widget-api', name: 'Ada', email: 'ada@example.com' });
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    const again = await signIdentityAssertion(hs, { userId: 'u1' });
    expect(part(again.jwt, 1).jti).not.toBe(payload.jti);
    expect(part(again.jwt, 0)).not.toHaveProperty('kid');
    expect(part(again.jwt, 1)).not.toHaveProperty('email');
  });

  it('takes an audience and a ttl up to one hour, never more', async () => {
    const { jwt, expiresIn } = await signIdentityAssertion(hs, { userId: 'u1' }, { audience: 'custom', ttlSeconds: 3600 });
    expect(expiresIn).toBe(3600);
    expect(part(jwt, 1).aud).toBe('custom');
    await expect(signIdentityAssertion(hs, { userId: 'u1' }, { ttlSeconds: 3601 })).rejects.toThrow('ttlSeconds must be an integer from 1 to 3600');
    await expect(signIdentityAssertion(hs, { userId: 'u1' }, { ttlSeconds: 0 })).rejects.toThrow(RangeError);
  });

  it('refuses what Parley would refuse, where the mistake is made', async () => {
    await expect(signIdentityAssertion({ ...hs, clientSecret: 'short' }, { userId: 'u1' })).rejects.toThrow('clientSecret must be at least 32 bytes');
    await expect(signIdentityAssertion(hs, { userId: '' })).rejects.toThrow(/userId/);
    await expect(signIdentityAssertion(hs, { userId: 'u1', email: 'nope' })).rejects.toThrow(/email/);
    await expect(signIdentityAssertion({ ...hs, clientId: '' }, { userId: 'u1' })).rejects.toThrow(/clientId/);
  });

  it('signs RS256 from a PEM private key and refuses a public key or a missing kid', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportPKCS8(privateKey);
    const { jwt } = await signIdentityAssertion({ clientId: 'ci_app', kid: 'rs1', algorithm: 'RS256', privateKey: pem }, { userId: 'u1' });
    await expect(jwtVerify(jwt, publicKey, { algorithms: ['RS256'] })).resolves.toBeDefined();
    const publicPem = await exportSPKI(publicKey);
    const rs = { clientId: 'ci_app', kid: 'rs1', algorithm: 'RS256' } as const;
    await expect(signIdentityAssertion({ ...rs, privateKey: publicPem }, { userId: 'u1' })).rejects.toThrow();
    await expect(signIdentityAssertion({ ...rs, kid: '', privateKey: pem }, { userId: 'u1' })).rejects.toThrow(/kid is required/);
  });
});
