import type { FastifyInstance } from 'fastify';
import { DEFAULT_SECURITY } from '@parley/service-kit';
import { createCipherKeyring } from '@parley/security';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { call, seedOrg, sessionFor, type SeededOrg, type Session } from './fixtures';

const infra = useTestInfra();
const cipher = createCipherKeyring(DEFAULT_SECURITY.encryptionKeys);

describe('console: bots and their knowledge', () => {
  let app: FastifyInstance;
  let org: SeededOrg;
  let admin: Session;
  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    org = await seedOrg(infra.db, 'bots');
    admin = await sessionFor(app, org.admin);
  });
  afterAll(() => app.close());

  const req = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    call(app, { method, url, headers: admin.headers, ...(payload ? { payload } : {}) });

  it('creates a bot with its web channel; the provider key is stored encrypted and never returned', async () => {
    const res = await req('POST', '/api/console/bots', {
      name: 'Helper',
      greeting: 'Hi there!',
      prompt: 'You are helpful.',
      provider: 'openai',
      provider_settings: { base_url: 'https://llm.example/v1/', model: 'gpt-4o-mini', temperature: 0.2, timeout_ms: 5000 },
      provider_api_key: 'sk-very-secret',
      allowed_origins: ['https://shop.example.com'],
      budget: { burst: 5, daily_cap: 100 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Helper',
      greeting: 'Hi there!',
      prompt: 'You are helpful.',
      provider: 'openai',
      provider_settings: { base_url: 'https://llm.example/v1', model: 'gpt-4o-mini', temperature: 0.2, timeout_ms: 5000 },
      provider_api_key_set: true,
      allowed_origins: ['https://shop.example.com'],
      budget: { burst: 5, refill_per_min: 10, daily_cap: 100 },
      theme: {},
      lead_capture: {},
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(res.raw).not.toContain('sk-very-secret');
    const row = await infra.db.bot.findUniqueOrThrow({ where: { id: res.body.id }, include: { channels: true } });
    // Stored as the bot worker reads it: camelCase settings, the key sealed to the bot id.
    expect(row.providerSettings).toEqual({ baseUrl: 'https://llm.example/v1', model: 'gpt-4o-mini', temperature: 0.2, timeoutMs: 5000 });
    expect(row.providerApiKeyEnc).not.toContain('sk-very-secret');
    expect(cipher.decrypt(row.providerApiKeyEnc!, row.id)).toBe('sk-very-secret');
    expect(row.channels.map((c) => c.type)).toEqual(['webchat']);

    const list = await req('GET', '/api/console/bots');
    expect(list.body.bots.map((b: { name: string }) => b.name)).toEqual([org.bot.name, 'Helper']);
    expect(list.raw).not.toContain(row.providerApiKeyEnc!);
    expect((await req('GET', `/api/console/bots/${row.id}`)).body).toEqual(res.body);
  });

  it('updates part of a bot; null removes the key; an openai bot needs an endpoint and a model', async () => {
    const bot = (await req('POST', '/api/console/bots', { name: 'Second' })).body;
    expect(bot).toMatchObject({ provider: 'knowledge', provider_settings: {}, provider_api_key_set: false, allowed_origins: [] });
    const half = await req('PATCH', `/api/console/bots/${bot.id}`, { provider: 'openai' });
    expect({ status: half.status, code: half.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const updated = await req('PATCH', `/api/console/bots/${bot.id}`, {
      provider: 'openai',
      provider_settings: { base_url: 'http://localhost:11434/v1', model: 'llama3.1' },
      provider_api_key: 'sk-2',
      greeting: 'Hello',
    });
    expect(updated.body).toMatchObject({ name: 'Second', greeting: 'Hello', provider: 'openai', provider_api_key_set: true });
    const cleared = await req('PATCH', `/api/console/bots/${bot.id}`, { provider_api_key: null });
    expect(cleared.body).toMatchObject({ provider: 'openai', provider_api_key_set: false, greeting: 'Hello' });
    expect((await infra.db.bot.findUniqueOrThrow({ where: { id: bot.id } })).providerApiKeyEnc).toBeNull();
  });

  it("sets the widget's colour and when it asks for contact details; /init hands both to the widget", async () => {
    const bot = (await req('POST', '/api/console/bots', { name: 'Themed' })).body;
    const updated = await req('PATCH', `/api/console/bots/${bot.id}`, {
      theme: { color: '#2f6f4e' },
      lead_capture: { when: 'first_message', fields: ['email', 'phone'] },
    });
    expect(updated.body).toMatchObject({ theme: { color: '#2f6f4e' }, lead_capture: { when: 'first_message', fields: ['email', 'phone'] } });
    // Stored as the widget-gateway reads it (widget-theme.ts, and the widget's lead-capture.ts).
    const row = await infra.db.bot.findUniqueOrThrow({ where: { id: bot.id } });
    expect({ theme: row.theme, leadCapture: row.leadCapture }).toEqual({
      theme: { color: '#2f6f4e' },
      leadCapture: { when: 'first_message', fields: ['email', 'phone'] },
    });
    const off = await req('PATCH', `/api/console/bots/${bot.id}`, { lead_capture: { when: 'never' } });
    expect(off.body.lead_capture).toEqual({ when: 'never' });
  });

  it.each([
    ['a colour that is not hex', { theme: { color: 'red; background: url(x)' } }, 'VALIDATION_FAILED'],
    ['an unknown lead field', { lead_capture: { fields: ['address'] } }, 'VALIDATION_FAILED'],
    ['an origin with a path', { allowed_origins: ['https://shop.example.com/'] }, 'INVALID_ORIGIN'],
    ['a javascript: origin', { allowed_origins: ['javascript:alert(1)'] }, 'INVALID_ORIGIN'],
    ['a base URL with credentials', { provider_settings: { base_url: 'https://user:pw@llm.example/v1' } }, 'VALIDATION_FAILED'],
    ['a base URL that is not http', { provider_settings: { base_url: 'file:///etc/passwd' } }, 'VALIDATION_FAILED'],
    ['a temperature of 5', { provider_settings: { temperature: 5 } }, 'VALIDATION_FAILED'],
    ['an unknown setting', { provider_settings: { api_key: 'x' } }, 'VALIDATION_FAILED'],
    ['a zero burst', { budget: { burst: 0 } }, 'VALIDATION_FAILED'],
    ['an unknown provider', { provider: 'magic' }, 'VALIDATION_FAILED'],
    ['an empty body', {}, 'VALIDATION_FAILED'],
  ])('refuses %s with 400', async (_label, payload, code) => {
    const res = await req('PATCH', `/api/console/bots/${org.bot.id}`, payload);
    expect({ status: res.status, code: res.code }).toEqual({ status: 400, code });
  });

  it('404 for an unknown bot', async () => {
    const res = await req('GET', '/api/console/bots/3f0c8a52-4a3e-4c43-9d1e-0b0b0b0b0b0b');
    expect({ status: res.status, code: res.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
  });

  it('knowledge articles: create, list, get, update, delete', async () => {
    const base = `/api/console/bots/${org.bot.id}/knowledge`;
    const created = await req('POST', base, { title: 'Shipping', body: 'We ship worldwide in 3 days.', tags: ['shipping'] });
    expect(created).toMatchObject({ status: 201, body: { bot_id: org.bot.id, title: 'Shipping', body: 'We ship worldwide in 3 days.', tags: ['shipping'] } });
    const id = created.body.id;
    expect((await req('GET', base)).body.articles).toEqual([created.body]);
    expect((await req('GET', `${base}/${id}`)).body).toEqual(created.body);
    const edited = await req('PATCH', `${base}/${id}`, { body: 'We ship worldwide in 2 days.' });
    expect(edited.body).toMatchObject({ title: 'Shipping', body: 'We ship worldwide in 2 days.' });
    // The bot worker's index is keyed by the newest update: an edit must move it.
    expect(Date.parse(edited.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(created.body.updated_at));
    expect((await req('POST', base, { title: '', body: 'x' })).status).toBe(400);
    expect((await req('POST', base, { title: 'Big', body: 'x'.repeat(50_001) })).status).toBe(400);
    expect((await req('POST', base, { title: 'Long but fine', body: 'y'.repeat(50_000) })).status).toBe(201);
    expect((await req('DELETE', `${base}/${id}`)).status).toBe(204);
    expect((await req('GET', `${base}/${id}`)).status).toBe(404);
    expect((await req('DELETE', `${base}/${id}`)).status).toBe(404);
    // An article id under another bot's path is not found.
    const other = (await req('POST', '/api/console/bots', { name: 'Other' })).body;
    const theirs = (await req('POST', `/api/console/bots/${other.id}/knowledge`, { title: 'T', body: 'B' })).body;
    expect((await req('GET', `${base}/${theirs.id}`)).status).toBe(404);
    expect((await req('DELETE', `${base}/${theirs.id}`)).status).toBe(404);
  });
});
