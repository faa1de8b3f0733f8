import type { FastifyInstance } from 'fastify';
import { Topics } from '@parley/contracts';
import { eventually, useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { bearer, expectError, initOk, seedWidget, type Initialised, type SeededWidget } from './fixtures';

const infra = useTestInfra();

async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('POST /v1/widget/leads and /v1/widget/events', () => {
  let app: FastifyInstance;
  let shop: SeededWidget;
  let visitor: Initialised;
  beforeAll(async () => {
    shop = await seedWidget(infra.db, 'leads', { allowedOrigins: ['https://shop.example.com', 'https://blog.example.com'] });
    app = await buildApp(infra.deps(), { logger: false, telemetry: { flushIntervalMs: 50 } });
    visitor = await initOk(app, { embed_token: shop.embedToken });
  });
  afterAll(() => app.close());

  /** Each visitor may submit 5 leads a minute (invalid ones count too), so some tests need several. */
  const freshVisitor = () => initOk(app, { embed_token: shop.embedToken });
  const postLead = (payload: object, token = visitor.token, origin: string | null = 'https://shop.example.com') =>
    app.inject({ method: 'POST', url: '/v1/widget/leads', headers: bearer(token, origin), payload });
  const postEvents = (payload: object, token = visitor.token) =>
    app.inject({ method: 'POST', url: '/v1/widget/events', headers: bearer(token), payload });

  it('a lead is created once per bot and e-mail (201), then updated (200), keeping and merging fields', async () => {
    const announced: string[] = [];
    await app.events.subscribe(Topics.leadCreated, (e) => void announced.push(e.email));
    const first = await postLead({ email: 'Ada@Example.com', name: 'Ada', custom_fields: { plan: 'pro', seats: 3 } });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada',
      phone: null,
      custom_fields: { plan: 'pro', seats: 3 },
      conversation_id: visitor.conversation_id,
    });
    const second = await postLead({ email: 'ada@example.com', phone: '+44 20 7946 0958', custom_fields: { seats: 5 } });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ id: first.json().id, name: 'Ada', phone: '+44 20 7946 0958', custom_fields: { plan: 'pro', seats: 5 } });
    expect(await infra.db.lead.count({ where: { botId: shop.botId } })).toBe(1);
    const row = await infra.db.lead.findFirstOrThrow({ where: { botId: shop.botId } });
    expect(row.endUserId).not.toBeNull();
    expect(row.organizationId).toBe(shop.orgId);
    // Webhooks hear of the new lead once, not of the update.
    await eventually(() => expect(announced).toEqual(['ada@example.com']));
  });

  it('validates leads: e-mail, phone, bounded custom fields, no unknown fields', async () => {
    for (const payload of [
      {},
      { email: 'not-an-email' },
      { email: 'a@example.com', phone: 'call me maybe' },
      { email: 'a@example.com', custom_fields: { nested: { deep: true } } },
      { email: 'a@example.com', custom_fields: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, i])) },
      { email: 'a@example.com', custom_fields: { ok: 'x'.repeat(501) } },
      { email: 'a@example.com', is_admin: true },
      { email: { address: 'a@example.com' } },
    ]) {
      expectError(await postLead(payload, (await freshVisitor()).token), 400, 'VALIDATION_FAILED');
    }
  });

  it("refuses a widget token used from an origin its bot does not allow, before doing anything", async () => {
    const { token } = await freshVisitor();
    const res = await postLead({ email: 'mallory@example.com' }, token, 'https://evil.example');
    expectError(res, 403, 'ORIGIN_NOT_ALLOWED');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(await infra.db.lead.count({ where: { email: 'mallory@example.com' } })).toBe(0);
    // Any of the bot's origins may use it, and callers without an Origin (servers) too.
    expect((await postLead({ email: 'blog@example.com' }, token, 'https://blog.example.com')).statusCode).toBe(201);
    expect((await postLead({ email: 'server@example.com' }, token, null)).statusCode).toBe(201);
  });

  it('events: 202 at once, rows written in a batch shortly after', async () => {
    const occurred = new Date(Date.now() - 60_000).toISOString();
    const res = await postEvents({
      events: [
        { name: 'launcher_open', occurred_at: occurred },
        { name: 'cta_click', properties: { cta: 'pricing', position: 2 } },
        { name: 'custom.video_played', properties: { seconds: 12.5 } },
        // A client clock far ahead is not believed.
        { name: 'dismiss', occurred_at: '2999-01-01T00:00:00Z' },
      ],
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 4 });
    const rows = await waitFor(
      () => infra.db.telemetryEvent.findMany({ where: { organizationId: shop.orgId }, orderBy: { id: 'asc' } }),
      (r) => r.length === 4,
    );
    expect(rows.map((r) => r.name)).toEqual(['launcher_open', 'cta_click', 'custom.video_played', 'dismiss']);
    expect(rows[0]!.occurredAt.toISOString()).toBe(occurred);
    expect(rows[1]).toMatchObject({ botId: shop.botId, conversationId: visitor.conversation_id, properties: { cta: 'pricing', position: 2 } });
    expect(rows[3]!.occurredAt.getTime()).toBeLessThan(Date.now() + 1000);
  });

  it('events: bounded batches of known or custom.* names', async () => {
    for (const payload of [
      { events: [] },
      { events: Array.from({ length: 101 }, () => ({ name: 'launcher_open' })) },
      { events: [{ name: 'drop_tables' }] },
      { events: [{ name: 'custom.' }] },
      { events: [{ name: 'custom.<script>' }] },
      { events: [{ name: 'launcher_open', occurred_at: 'yesterday' }] },
      { events: [{ name: 'launcher_open', properties: { a: { b: 1 } } }] },
      { events: 'launcher_open' },
    ]) {
      expectError(await postEvents(payload), 400, 'VALIDATION_FAILED');
    }
  });

  it('events waiting in the buffer are written when the app closes', async () => {
    const slow = await buildApp(infra.deps(), { logger: false, telemetry: { flushIntervalMs: 60_000 } });
    const other = await initOk(slow, { embed_token: shop.embedToken });
    const res = await slow.inject({
      method: 'POST',
      url: '/v1/widget/events',
      headers: bearer(other.token),
      payload: { events: Array.from({ length: 25 }, () => ({ name: 'scroll_trigger' })) },
    });
    expect(res.statusCode).toBe(202);
    const count = () => infra.db.telemetryEvent.count({ where: { conversationId: other.conversation_id } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await count()).toBe(0);
    await slow.close();
    expect(await count()).toBe(25);
  });
});
