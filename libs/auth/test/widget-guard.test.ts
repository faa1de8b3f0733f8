import { randomBytes, randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { busPlugin } from '@parley/bus';
import { dbPlugin } from '@parley/db';
import { createWidgetTokenService } from '@parley/security';
import { useTestInfra } from '@parley/testing';
import { authPlugin, requireWidgetToken } from '../src';

const infra = useTestInfra();
const secret = () => randomBytes(32).toString('base64url');
const CURRENT = `w2:${secret()}`;
const PREVIOUS = `w1:${secret()}`;
/** Rotation: the new key signs, the previous one still verifies. */
const KEYRING = `${CURRENT},${PREVIOUS}`;

const subject = (conversationId: string) => ({ orgId: randomUUID(), botId: randomUUID(), conversationId, visitorId: 'v-1' });

describe('requireWidgetToken and app.widgetTokens', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    const deps = infra.deps();
    app = Fastify();
    await app.register(dbPlugin, { db: deps.db });
    await app.register(busPlugin, deps.redis);
    await app.register(authPlugin, { sessionTtlSeconds: 60, requireHttps: false, widgetJwtSecrets: KEYRING });
    // Test-only routes: the two ways a widget route names its conversation.
    const byParam = requireWidgetToken((request) => (request.params as { id: string }).id);
    const byBody = requireWidgetToken((request) => (request.body as { conversation_id?: string } | undefined)?.conversation_id);
    app.get('/conversations/:id', { preHandler: byParam }, async (request) => {
      const widget = (await request.loadWidget())!;
      return { org: widget.orgId, conversation: widget.conversationId, visitor: widget.visitorId };
    });
    app.post('/events', { preHandler: byBody }, async () => ({ ok: true }));
    app.get('/whoever', async (request) => ({ widget: await request.loadWidget() }));
  });
  afterAll(() => app.close());

  const get = (url: string, token?: string) =>
    app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const expectRefused = (res: { statusCode: number; json(): { code: string } }, code: string) =>
    expect({ status: res.statusCode, code: res.json().code }).toEqual({ status: 401, code });

  it('accepts a token on a route for its own conversation and exposes the claims', async () => {
    const s = subject(randomUUID());
    const { token, expiresIn } = await app.widgetTokens.sign(s);
    expect(expiresIn).toBe(3600);
    const res = await get(`/conversations/${s.conversationId}`, token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ org: s.orgId, conversation: s.conversationId, visitor: 'v-1' });
  });

  it('refuses a token for conversation A on a route for conversation B with 401 TOKEN_SCOPE_MISMATCH', async () => {
    const a = subject(randomUUID());
    const { token } = await app.widgetTokens.sign(a);
    expectRefused(await get(`/conversations/${randomUUID()}`, token), 'TOKEN_SCOPE_MISMATCH');
    const viaBody = await app.inject({
      method: 'POST',
      url: '/events',
      headers: { authorization: `Bearer ${token}` },
      payload: { conversation_id: randomUUID() },
    });
    expectRefused(viaBody, 'TOKEN_SCOPE_MISMATCH');
    const ownBody = await app.inject({ method: 'POST', url: '/events', headers: { authorization: `Bearer ${token}` }, payload: { conversation_id: a.conversationId } });
    expect(ownBody.statusCode).toBe(200);
  });

  it('refuses an expired token with 401 TOKEN_EXPIRED', async () => {
    const past = createWidgetTokenService(KEYRING, { clock: () => new Date(Date.now() - 2 * 3600_000) });
    const s = subject(randomUUID());
    expectRefused(await get(`/conversations/${s.conversationId}`, (await past.sign(s)).token), 'TOKEN_EXPIRED');
  });

  it('refuses tokens signed with a wrong key (same kid or unknown kid) with 401 TOKEN_INVALID', async () => {
    const s = subject(randomUUID());
    const sameKidOtherSecret = createWidgetTokenService(`w2:${secret()}`);
    const unknownKid = createWidgetTokenService(`w9:${secret()}`);
    for (const service of [sameKidOtherSecret, unknownKid]) {
      expectRefused(await get(`/conversations/${s.conversationId}`, (await service.sign(s)).token), 'TOKEN_INVALID');
    }
  });

  it('refuses a missing or malformed token with 401 TOKEN_INVALID', async () => {
    const id = randomUUID();
    expectRefused(await get(`/conversations/${id}`), 'TOKEN_INVALID');
    expectRefused(await get(`/conversations/${id}`, 'not.a.jwt'), 'TOKEN_INVALID');
    const basic = await app.inject({ method: 'GET', url: `/conversations/${id}`, headers: { authorization: 'Basic abc' } });
    expectRefused(basic, 'TOKEN_INVALID');
  });

  it('still accepts tokens from the previous key of WIDGET_JWT_SECRETS (rotation)', async () => {
    const old = createWidgetTokenService(PREVIOUS);
    const s = subject(randomUUID());
    expect((await get(`/conversations/${s.conversationId}`, (await old.sign(s)).token)).statusCode).toBe(200);
  });

  it('loadWidget() on an unguarded route: the claims when valid, null otherwise', async () => {
    const s = subject(randomUUID());
    const { token } = await app.widgetTokens.sign(s);
    expect((await get('/whoever', token)).json().widget).toMatchObject({ orgId: s.orgId, conversationId: s.conversationId, preview: false });
    expect((await get('/whoever', 'garbage')).json()).toEqual({ widget: null });
    expect((await get('/whoever')).json()).toEqual({ widget: null });
  });
});
