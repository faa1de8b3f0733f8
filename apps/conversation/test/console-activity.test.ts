import type { FastifyInstance } from 'fastify';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { call, seedConversation, seedOrg, sessionFor, type SeededOrg, type Session } from './fixtures';

const infra = useTestInfra();
const at = (iso: string) => new Date(iso);

/** `/api/console/activity`: the numbers behind the console's charts. */
describe('console: activity per day', () => {
  let app: FastifyInstance;
  let org: SeededOrg;
  let admin: Session;

  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    org = await seedOrg(infra.db, 'activity');
    admin = await sessionFor(app, org.admin);
    const other = await seedOrg(infra.db, 'activity-other');

    // Day 1: a session opened at 10:00, answered by an agent after 60 s, resolved the same day.
    const a = await seedConversation(org, { messages: 2 });
    // Day 1: another opened at 12:00, answered after 300 s, still open. Day 2: one never answered by a human.
    const b = await seedConversation(org, { messages: 1 });
    const c = await seedConversation(org, { messages: 1 });
    const preview = await seedConversation(org, { messages: 1 });
    await infra.db.conversation.update({ where: { id: preview.id }, data: { isPreview: true } });
    const foreign = await seedConversation(other, { messages: 3 });

    const sessionOf = (id: string) => infra.db.conversationSession.findFirstOrThrow({ where: { conversationId: id } });
    const setSession = async (id: string, data: object) => infra.db.conversationSession.updateMany({ where: { conversationId: id }, data });
    const setMessages = async (id: string, createdAt: Date) => infra.db.message.updateMany({ where: { conversationId: id }, data: { createdAt } });
    await setSession(a.id, { firstMessageAt: at('2026-03-01T10:00:00Z'), status: 'resolved', openConversationId: null, resolvedAt: at('2026-03-01T15:00:00Z') });
    await setMessages(a.id, at('2026-03-01T10:00:00Z'));
    await setSession(b.id, { firstMessageAt: at('2026-03-01T12:00:00Z') });
    await setMessages(b.id, at('2026-03-01T12:00:00Z'));
    await setSession(c.id, { firstMessageAt: at('2026-03-02T09:00:00Z') });
    await setMessages(c.id, at('2026-03-02T09:00:00Z'));
    for (const id of [preview.id, foreign.id]) {
      await setSession(id, { firstMessageAt: at('2026-03-01T11:00:00Z') });
      await setMessages(id, at('2026-03-01T11:00:00Z'));
    }
    const agentSays = async (conversationId: string, createdAt: Date, senderType: 'agent' | 'bot' = 'agent') => {
      const s = await sessionOf(conversationId);
      const last = await infra.db.message.count({ where: { conversationId } });
      await infra.db.message.create({
        data: { organizationId: org.orgId, conversationId, sessionId: s.id, seq: last + 1, senderType, senderId: senderType === 'agent' ? org.agent.id : org.bot.id, content: 'hi', createdAt },
      });
    };
    await agentSays(a.id, at('2026-03-01T10:00:30Z'), 'bot');
    await agentSays(a.id, at('2026-03-01T10:01:00Z'));
    await agentSays(a.id, at('2026-03-01T10:05:00Z'));
    await agentSays(b.id, at('2026-03-01T12:05:00Z'));
    await agentSays(c.id, at('2026-03-02T09:00:05Z'), 'bot');
  });
  afterAll(() => app.close());

  const get = (query: string, headers: Record<string, string> = admin.cookieOnly) => call(app, { method: 'GET', url: `/api/console/activity${query}`, headers });

  it('counts per UTC day, every day of the range present, previews and other organizations left out', async () => {
    const res = await get('?from=2026-02-28&to=2026-03-03');
    expect(res.status).toBe(200);
    expect(res.body.from).toBe('2026-02-28');
    expect(res.body.days.map((d: { day: string }) => d.day)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03']);
    const [before, day1, day2, after] = res.body.days;
    const zero = { messages: { end_user: 0, agent: 0, bot: 0 }, conversations_opened: 0, conversations_resolved: 0, first_responses: 0, median_first_response_s: null, p90_first_response_s: null };
    expect(before).toEqual({ day: '2026-02-28', ...zero });
    expect(after).toEqual({ day: '2026-03-03', ...zero });
    expect(day1).toEqual({
      day: '2026-03-01',
      messages: { end_user: 3, agent: 3, bot: 1 },
      conversations_opened: 2,
      conversations_resolved: 1,
      // The bot's answer after 30 s does not count: the wait is for a person (60 s and 300 s).
      first_responses: 2,
      median_first_response_s: 180,
      p90_first_response_s: expect.closeTo(276, 5),
    });
    expect(day2).toMatchObject({ messages: { end_user: 1, agent: 0, bot: 1 }, conversations_opened: 1, first_responses: 0, median_first_response_s: null });
  });

  it('defaults to the last 30 days and refuses bad ranges with 400', async () => {
    const res = await get('');
    expect(res.body.days).toHaveLength(30);
    expect(res.body.to).toBe(new Date().toISOString().slice(0, 10));
    expect((await get('?from=2026-03-05&to=2026-03-01')).code).toBe('VALIDATION_FAILED');
    expect((await get('?from=2024-01-01&to=2026-03-01')).code).toBe('VALIDATION_FAILED');
    expect((await get('?from=yesterday')).code).toBe('VALIDATION_FAILED');
    expect((await get('?unknown=1')).code).toBe('VALIDATION_FAILED');
  });

  it('is for admins', async () => {
    const agent = await sessionFor(app, org.agent);
    expect((await get('', agent.cookieOnly)).code).toBe('INSUFFICIENT_ROLE');
    expect((await get('', {})).code).toBe('UNAUTHENTICATED');
  });
});
