import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { ErrorCode } from '@parley/contracts';
import { createWidgetTokenService, WIDGET_TOKEN_AUDIENCE, WIDGET_TOKEN_TYP, type WidgetTokenSubject } from '../src';
import { decodePart, hmacToken, nowSeconds, rejection, unsignedToken, withEditedPayload } from './jwt-fixtures';

const secretA = randomBytes(32);
const secretB = randomBytes(32);
const ringA = `a1:${secretA.toString('base64url')}`;
const ringB = `b1:${secretB.toString('base64url')}`;
const subject: WidgetTokenSubject = { orgId: 'org-1', botId: 'bot-1', conversationId: 'conv-A', visitorId: 'visitor-1' };

/** Widget-shaped claims for hand-made tokens; each test changes the one thing it checks. */
function claims(overrides: Record<string, unknown> = {}) {
  const iat = nowSeconds();
  return {
    iss: 'parley', aud: WIDGET_TOKEN_AUDIENCE, sub: 'visitor-1', org: 'org-1', bot: 'bot-1', conv: 'conv-A',
    iat, exp: iat + 600, jti: 'j1', ...overrides,
  };
}
const header = (overrides: Record<string, unknown> = {}) => ({ alg: 'HS256', typ: WIDGET_TOKEN_TYP, kid: 'a1', ...overrides });
const signA = (payload: Record<string, unknown>, hdr: Record<string, unknown> = header()) =>
  new SignJWT(payload).setProtectedHeader(hdr as { alg: string }).sign(secretA);

describe('widget tokens', () => {
  const service = createWidgetTokenService(ringA);

  it('signs an HS256, explicitly typed, conversation-scoped token for 60 minutes', async () => {
    const before = nowSeconds();
    const signed = await service.sign({ ...subject, channelId: 'chan-1', endUserId: 'eu-1', preview: true });
    expect(signed.expiresIn).toBe(3600);
    expect(decodePart(signed.token, 0)).toEqual({ alg: 'HS256', typ: 'parley-widget+jwt', kid: 'a1' });
    const payload = decodePart(signed.token, 1);
    expect(payload).toMatchObject({ iss: 'parley', aud: 'parley-widget', sub: 'visitor-1', org: 'org-1', bot: 'bot-1', conv: 'conv-A' });
    expect(payload).toMatchObject({ chn: 'chan-1', eu: 'eu-1', prv: true });
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect((payload.exp as number) - (payload.iat as number)).toBe(3600);
    expect(signed.expiresAt.getTime()).toBe((payload.exp as number) * 1000);

    const verified = await service.verify(signed.token, { conversationId: 'conv-A' });
    expect(verified).toMatchObject({ ...subject, channelId: 'chan-1', endUserId: 'eu-1', preview: true });
    expect(verified).toMatchObject({ jti: payload.jti, expiresAt: signed.expiresAt });
    expect(await service.verify((await service.sign(subject)).token)).toMatchObject({ ...subject, preview: false });
  });

  const withConv = (token: string, conv: string) => withEditedPayload(token, (p) => (p.conv = conv));
  const signedUnder = (spec: string) => async () => (await createWidgetTokenService(spec).sign(subject)).token;
  const invalid: Array<[string, () => Promise<string>, string]> = [
    ['alg: none', async () => unsignedToken(header({ alg: 'none' }), claims()), 'algorithm not allowed'],
    ['alg: none without kid', async () => unsignedToken({ alg: 'none', typ: WIDGET_TOKEN_TYP }, claims()), 'algorithm not allowed'],
    ['an HS384 signature', () => signA(claims(), header({ alg: 'HS384' })), 'algorithm not allowed'],
    ['a kid not in the keyring', signedUnder(`zz:${secretA.toString('base64url')}`), 'unknown key id'],
    ['another secret under a known kid', signedUnder(`a1:${secretB.toString('base64url')}`), 'bad signature'],
    ['an HMAC keyed with the kid', async () => hmacToken(header(), claims(), 'a1'), 'bad signature'],
    ['a changed conv under the original signature', async () => withConv(await signedUnder(ringA)(), 'conv-B'), 'bad signature'],
    ['nbf in the future', () => signA(claims({ nbf: nowSeconds() + 60 })), '"nbf" is not acceptable'],
    ['a wrong aud', () => signA(claims({ aud: 'parley-widget-api' })), '"aud" is not acceptable'],
    ['a wrong iss', () => signA(claims({ iss: 'someone-else' })), '"iss" is not acceptable'],
    ['typ JWT', () => signA(claims(), header({ typ: 'JWT' })), 'wrong token type'],
    ['no typ', () => signA(claims(), header({ typ: undefined })), 'wrong token type'],
    ['a missing jti', () => signA(claims({ jti: undefined })), '"jti" is missing'],
    ['a missing conv', () => signA(claims({ conv: undefined })), 'claims malformed'],
    ['garbage', async () => 'not.a.jwt', 'malformed token'],
  ];
  it.each(invalid)('refuses %s with 401 TOKEN_INVALID', async (_label, make, reason) => {
    const error = await rejection(service.verify(await make()));
    expect({ statusCode: error.statusCode, code: error.code }).toEqual({ statusCode: 401, code: ErrorCode.TOKEN_INVALID });
    // A short reason of our own, never jose's message, and the reason this case is about.
    expect(error.message).toBe(`Widget token rejected: ${reason}`);
  });

  it('refuses an expired token with 401 TOKEN_EXPIRED', async () => {
    const error = await rejection(service.verify(await signA(claims({ iat: nowSeconds() - 4000, exp: nowSeconds() - 400 }))));
    expect({ statusCode: error.statusCode, code: error.code, message: error.message }).toEqual({
      statusCode: 401,
      code: ErrorCode.TOKEN_EXPIRED,
      message: 'Widget token rejected: expired',
    });
  });

  it('refuses a valid token for another conversation with TOKEN_SCOPE_MISMATCH', async () => {
    const { token } = await service.sign(subject);
    const error = await rejection(service.verify(token, { conversationId: 'conv-B' }));
    expect({ statusCode: error.statusCode, code: error.code }).toEqual({ statusCode: 401, code: 'TOKEN_SCOPE_MISMATCH' });
  });

  it('allows 5 s of clock skew at expiry, not more', async () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const clocked = createWidgetTokenService(ringA, { clock: () => now });
    const { token, expiresAt } = await clocked.sign(subject);
    now = new Date(expiresAt.getTime() + 4000);
    await expect(clocked.verify(token)).resolves.toMatchObject(subject);
    now = new Date(expiresAt.getTime() + 6000);
    expect((await rejection(clocked.verify(token))).code).toBe('TOKEN_EXPIRED');
  });

  it('rotates: the first key signs, a token of the second (older) key still verifies', async () => {
    const rotated = createWidgetTokenService(`${ringB},${ringA}`);
    const oldToken = (await service.sign(subject)).token;
    await expect(rotated.verify(oldToken)).resolves.toMatchObject(subject);

    const newToken = (await rotated.sign(subject)).token;
    expect(decodePart(newToken, 0).kid).toBe('b1');
    await expect(createWidgetTokenService(ringB).verify(newToken)).resolves.toMatchObject(subject);
    // Once the old key is dropped, its tokens stop working.
    expect((await rejection(createWidgetTokenService(ringB).verify(oldToken))).code).toBe('TOKEN_INVALID');
  });

  it('refuses a short secret and a silly ttl at construction', () => {
    expect(() => createWidgetTokenService(`k:${randomBytes(16).toString('base64url')}`)).toThrow(
      'keyring entry "k": key is 128 bits, need at least 256',
    );
    expect(() => createWidgetTokenService(ringA, { ttlSeconds: 0 })).toThrow(RangeError);
  });
});
