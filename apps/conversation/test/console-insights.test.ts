import type { FastifyInstance } from 'fastify';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { call, seedOrg, sessionFor, type SeededOrg, type Session } from './fixtures';

const infra = useTestInfra();

describe('console: leads, usage and telemetry', () => {
  let app: FastifyInstance;
  let org: SeededOrg;
  let admin: Session;
  let otherBot: { id: string };
  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    org = await seedOrg(infra.db, 'insights');
    admin = await sessionFor(app, org.admin);
    otherBot = await org.repos.bots.create(org.orgId, { name: 'Other' });
    const leads: [string, object][] = [
      ['ada@example.com', { name: 'Ada Lovelace', phone: '+44 20 1234', customFields: { plan: 'pro' } }],
      ['bob@example.com', { name: 'Bob, "the builder"\nJr.' }],
      ['eve@evil.test', { name: '=HYPERLINK("http://evil.test","click")', customFields: { note: '+1' } }],
      ['carol@example.com', { botId: otherBot.id }],
    ];
    for (const [i, [email, extra]] of leads.entries()) {
      const created = await org.repos.leads.upsert(org.orgId, { botId: org.bot.id, email, ...extra });
      // A day apart, oldest first, so "newest first" has one right answer.
      await infra.db.lead.update({ where: { id: created!.lead.id }, data: { createdAt: new Date(Date.UTC(2026, 0, 10 + i)) } });
    }
  });
  afterAll(() => app.close());

  const get = (url: string) => call(app, { method: 'GET', url, headers: admin.cookieOnly });
  const emails = (body: { leads: { email: string }[] }) => body.leads.map((l) => l.email);

  it('lists leads newest first, filtered by bot, text and time, in cursor pages', async () => {
    const all = await get('/api/console/leads');
    expect(emails(all.body)).toEqual(['carol@example.com', 'eve@evil.test', 'bob@example.com', 'ada@example.com']);
    expect(all.body.next_cursor).toBeNull();
    expect(all.body.leads[3]).toEqual({
      id: expect.any(String),
      bot_id: org.bot.id,
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      phone: '+44 20 1234',
      custom_fields: { plan: 'pro' },
      conversation_id: null,
      created_at: '2026-01-10T00:00:00.000Z',
      updated_at: expect.any(String),
    });
    expect(emails((await get(`/api/console/leads?bot_id=${otherBot.id}`)).body)).toEqual(['carol@example.com']);
    expect(emails((await get('/api/console/leads?q=LOVELACE')).body)).toEqual(['ada@example.com']);
    expect(emails((await get('/api/console/leads?q=example.com')).body)).toHaveLength(3);
    expect(emails((await get('/api/console/leads?from=2026-01-11T00:00:00Z&to=2026-01-13T00:00:00Z')).body)).toEqual(['eve@evil.test', 'bob@example.com']);
    const first = await get('/api/console/leads?limit=3');
    expect(first.body.leads).toHaveLength(3);
    const rest = await get(`/api/console/leads?limit=3&cursor=${first.body.next_cursor}`);
    expect(emails(rest.body)).toEqual(['ada@example.com']);
    expect(rest.body.next_cursor).toBeNull();
    expect((await get('/api/console/leads?from=yesterday')).status).toBe(400);
    expect((await get('/api/console/leads?limit=500')).status).toBe(400);
  });

  it('exports the same filter as CSV, quoted and safe to open in a spreadsheet', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/console/leads/export.csv?bot_id=${org.bot.id}`, headers: admin.cookieOnly });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('id,bot_id,email,name,phone,conversation_id,custom_fields,created_at,updated_at');
    expect(lines).toHaveLength(5); // header, three leads of this bot, and the final empty string
    expect(lines[1]).toContain(`,${org.bot.id},eve@evil.test,"'=HYPERLINK(""http://evil.test"",""click"")",,,"{""note"":""+1""}",2026-01-12T00:00:00.000Z,`);
    expect(res.body).toContain(',bob@example.com,"Bob, ""the builder""\nJr.",,,{},2026-01-11T00:00:00.000Z,');
    expect(lines[lines.length - 2]).toContain(',ada@example.com,Ada Lovelace,+44 20 1234,,"{""plan"":""pro""}",2026-01-10T00:00:00.000Z,');
  });

  it('exports more than one internal page', async () => {
    const bot = await org.repos.bots.create(org.orgId, { name: 'Busy' });
    await infra.db.lead.createMany({
      data: Array.from({ length: 1203 }, (_, i) => ({ organizationId: org.orgId, botId: bot.id, email: `l${i}@bulk.test`, createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)) })),
    });
    const res = await app.inject({ method: 'GET', url: `/api/console/leads/export.csv?bot_id=${bot.id}`, headers: admin.cookieOnly });
    const rows = res.body.trim().split('\r\n').slice(1);
    expect(rows).toHaveLength(1203);
    expect(new Set(rows.map((r) => r.split(',')[2])).size).toBe(1203);
    expect(rows[0]).toContain('l1202@bulk.test');
  });

  it('reports usage per month, every month of the range, zeros included', async () => {
    await org.repos.usage.increment(org.orgId, 'text_message', { at: new Date('2025-01-15T00:00:00Z'), by: 7 });
    await org.repos.usage.increment(org.orgId, 'preview_text_message', { at: new Date('2025-01-20T00:00:00Z') });
    await org.repos.usage.increment(org.orgId, 'text_message', { at: new Date('2025-03-01T00:00:00Z'), by: 2 });
    const res = await get('/api/console/usage?from=2024-12&to=2025-03');
    expect(res.body).toEqual({
      from: '2024-12',
      to: '2025-03',
      months: [
        { period: '2024-12', text_message: 0, preview_text_message: 0, voice_minute: 0, preview_voice_minute: 0 },
        { period: '2025-01', text_message: 7, preview_text_message: 1, voice_minute: 0, preview_voice_minute: 0 },
        { period: '2025-02', text_message: 0, preview_text_message: 0, voice_minute: 0, preview_voice_minute: 0 },
        { period: '2025-03', text_message: 2, preview_text_message: 0, voice_minute: 0, preview_voice_minute: 0 },
      ],
    });
    const current = new Date().toISOString().slice(0, 7);
    const byDefault = await get('/api/console/usage');
    expect(byDefault.body.months).toHaveLength(12);
    expect(byDefault.body.to).toBe(current);
    for (const query of ['?from=2025-04&to=2025-03', '?from=2020-01&to=2025-03', '?from=2025-13', '?to=2025-1']) {
      expect({ query, status: (await get(`/api/console/usage${query}`)).status }).toEqual({ query, status: 400 });
    }
  });

  it('counts telemetry events per UTC day and name, by bot or name if asked', async () => {
    const at = (iso: string) => new Date(iso);
    const event = (name: string, occurredAt: string, botId = org.bot.id) => ({ orgId: org.orgId, botId, name, properties: {}, occurredAt: at(occurredAt), receivedAt: new Date() });
    await org.repos.telemetry.insertMany([
      event('launcher_open', '2026-02-01T00:00:00Z'),
      event('launcher_open', '2026-02-01T23:59:59.999Z'),
      event('cta_click', '2026-02-01T12:00:00Z'),
      event('launcher_open', '2026-02-02T00:00:00Z'),
      event('launcher_open', '2026-02-03T00:00:00Z', otherBot.id),
      event('launcher_open', '2026-02-04T00:00:00Z'),
    ]);
    const res = await get('/api/console/telemetry?from=2026-02-01&to=2026-02-03');
    expect(res.body).toEqual({
      from: '2026-02-01',
      to: '2026-02-03',
      counts: [
        { day: '2026-02-01', name: 'cta_click', count: 1 },
        { day: '2026-02-01', name: 'launcher_open', count: 2 },
        { day: '2026-02-02', name: 'launcher_open', count: 1 },
        { day: '2026-02-03', name: 'launcher_open', count: 1 },
      ],
    });
    expect((await get(`/api/console/telemetry?from=2026-02-01&to=2026-02-04&bot_id=${otherBot.id}`)).body.counts).toEqual([{ day: '2026-02-03', name: 'launcher_open', count: 1 }]);
    expect((await get('/api/console/telemetry?from=2026-02-01&to=2026-02-04&name=cta_click')).body.counts).toEqual([{ day: '2026-02-01', name: 'cta_click', count: 1 }]);
    const byDefault = await get('/api/console/telemetry');
    expect(byDefault.body.to).toBe(new Date().toISOString().slice(0, 10));
    expect(Date.parse(byDefault.body.to) - Date.parse(byDefault.body.from)).toBe(29 * 86_400_000);
    for (const query of ['?from=2026-02-05&to=2026-02-01', '?from=2024-01-01&to=2026-01-01', '?from=2026-02-30', '?from=tomorrow']) {
      expect({ query, status: (await get(`/api/console/telemetry${query}`)).status }).toEqual({ query, status: 400 });
    }
  });
});
