import { useTestInfra } from '@parley/testing';
import type { FastifyInstance } from 'fastify';
import { requireApiKey } from '@parley/auth';
import { API_KEY_SCOPE_NAMES } from '@parley/contracts';
import { hashToken } from '@parley/security';
import { buildApp } from '../src/app';
import { adminSession } from './fixtures';

const infra = useTestInfra();

describe('API keys', () => {
  let app: FastifyInstance;
  let acme: Awaited<ReturnType<typeof adminSession>>;
  let other: Awaited<ReturnType<typeof adminSession>>;
  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    // Test-only route (never in src/): what any service's API-key route does with the shared guard.
    app.get('/test/leads', { preHandler: requireApiKey('leads:read') }, async (request) => {
      const key = (await request.loadApiKey())!;
      return { org: key.orgId, scopes: key.scopes };
    });
    acme = await adminSession(app, infra.db, 'ak-acme');
    other = await adminSession(app, infra.db, 'ak-other');
  });
  afterAll(() => app.close());

  const create = (payload: Record<string, unknown>, who = acme) =>
    app.inject({ method: 'POST', url: '/api/api-keys', headers: who.session.headers, payload });
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  it('creates a pk_live_ key shown once, stored as a hash with prefix and last four', async () => {
    const res = await create({ name: 'CRM sync', scopes: ['leads:read', 'conversations:read', 'leads:read'] });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.key).toMatch(/^pk_live_[A-Za-z0-9_-]{32}$/);
    expect(body).toMatchObject({
      name: 'CRM sync',
      prefix: body.key.slice(0, 10),
      last_four: body.key.slice(-4),
      scopes: ['leads:read', 'conversations:read'],
      last_used_at: null,
      expires_at: null,
      revoked_at: null,
    });
    const row = await infra.db.apiKey.findUniqueOrThrow({ where: { id: body.id } });
    expect(row.keyHash).toBe(hashToken(body.key));

    const listed = await app.inject({ method: 'GET', url: '/api/api-keys', headers: acme.session.headers });
    expect(listed.json().api_keys).toContainEqual({ ...body, key: undefined });
    expect(listed.body).not.toContain(body.key);
    expect(listed.body).not.toContain(row.keyHash);
    expect((await app.inject({ method: 'GET', url: '/api/api-keys', headers: other.session.headers })).json()).toEqual({ api_keys: [] });
  });

  it.each([
    ['an unknown scope', { scopes: ['leads:read', 'everything'] }, 'INVALID_SCOPE'],
    ['no scope', { scopes: [] }, 'VALIDATION_FAILED'],
    ['an expiry in the past', { scopes: ['leads:read'], expires_at: '2020-01-01T00:00:00Z' }, 'VALIDATION_FAILED'],
    ['an expiry that is not a date', { scopes: ['leads:read'], expires_at: 'tomorrow' }, 'VALIDATION_FAILED'],
    ['a blank name', { name: ' ', scopes: ['leads:read'] }, 'VALIDATION_FAILED'],
  ])('refuses %s with 400', async (_label, change, code) => {
    const res = await create({ name: 'x', ...change });
    expect({ status: res.statusCode, code: res.json().code }).toEqual({ status: 400, code });
  });

  it('the shared requireApiKey guard resolves the key to its organization and scopes, and records last use', async () => {
    const { key, id } = (await create({ name: 'Guarded', scopes: ['leads:read'] })).json();
    const res = await app.inject({ method: 'GET', url: '/test/leads', headers: bearer(key) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ org: acme.orgId, scopes: ['leads:read'] });
    // Recorded in the background, so the request does not wait for the write.
    let lastUsed: Date | null = null;
    for (let i = 0; i < 50 && !lastUsed; i++) {
      lastUsed = (await infra.db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt;
      if (!lastUsed) await new Promise((r) => setTimeout(r, 20));
    }
    expect(lastUsed).toBeInstanceOf(Date);
    const listed = (await app.inject({ method: 'GET', url: '/api/api-keys', headers: acme.session.headers })).json();
    expect(listed.api_keys.find((k: { id: string }) => k.id === id).last_used_at).toBe(lastUsed!.toISOString());
  });

  it('a key without the scope is 403 INSUFFICIENT_SCOPE; no key or an unknown one is 401 API_KEY_INVALID', async () => {
    const { key } = (await create({ name: 'Narrow', scopes: ['messages:write'] })).json();
    const narrow = await app.inject({ method: 'GET', url: '/test/leads', headers: bearer(key) });
    expect({ status: narrow.statusCode, code: narrow.json().code }).toEqual({ status: 403, code: 'INSUFFICIENT_SCOPE' });
    for (const headers of [{}, bearer('pk_live_made_up'), { authorization: `Basic ${key}` }]) {
      const res = await app.inject({ method: 'GET', url: '/test/leads', headers });
      expect({ status: res.statusCode, code: res.json().code }).toEqual({ status: 401, code: 'API_KEY_INVALID' });
    }
  });

  it('a revoked key is 401 API_KEY_INVALID at once; another organization cannot revoke it', async () => {
    const { key, id } = (await create({ name: 'Short-lived', scopes: ['leads:read'] })).json();
    expect((await app.inject({ method: 'GET', url: '/test/leads', headers: bearer(key) })).statusCode).toBe(200);
    const theirs = await app.inject({ method: 'DELETE', url: `/api/api-keys/${id}`, headers: other.session.headers });
    expect(theirs.statusCode).toBe(404);
    const revoked = await app.inject({ method: 'DELETE', url: `/api/api-keys/${id}`, headers: acme.session.headers });
    expect(revoked.statusCode).toBe(204);
    const res = await app.inject({ method: 'GET', url: '/test/leads', headers: bearer(key) });
    expect({ status: res.statusCode, code: res.json().code }).toEqual({ status: 401, code: 'API_KEY_INVALID' });
    const bad = await app.inject({ method: 'DELETE', url: '/api/api-keys/123', headers: acme.session.headers });
    expect(bad.statusCode).toBe(400);
  });

  it('an expired key is 401 API_KEY_INVALID', async () => {
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const created = await create({ name: 'Expiring', scopes: ['leads:read'], expires_at: expiresAt });
    expect(created.json().expires_at).toBe(expiresAt);
    const { key, id } = created.json();
    expect((await app.inject({ method: 'GET', url: '/test/leads', headers: bearer(key) })).statusCode).toBe(200);
    await infra.db.apiKey.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await app.inject({ method: 'GET', url: '/test/leads', headers: bearer(key) });
    expect({ status: res.statusCode, code: res.json().code }).toEqual({ status: 401, code: 'API_KEY_INVALID' });
  });

  it('GET /v1/auth/key tells an integrator which organization and scopes its key has', async () => {
    const { key, id } = (await create({ name: 'Whoami', scopes: [...API_KEY_SCOPE_NAMES] })).json();
    const res = await app.inject({ method: 'GET', url: '/v1/auth/key', headers: bearer(key) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      organization_id: acme.orgId,
      scopes: API_KEY_SCOPE_NAMES,
      key: { id, prefix: key.slice(0, 10), last_four: key.slice(-4) },
    });
    const none = await app.inject({ method: 'GET', url: '/v1/auth/key' });
    expect({ status: none.statusCode, code: none.json().code }).toEqual({ status: 401, code: 'API_KEY_INVALID' });
    await app.inject({ method: 'DELETE', url: `/api/api-keys/${id}`, headers: acme.session.headers });
    expect((await app.inject({ method: 'GET', url: '/v1/auth/key', headers: bearer(key) })).statusCode).toBe(401);
  });
});
