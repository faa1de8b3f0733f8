import type { FastifyInstance } from 'fastify';
import { EventBus } from '@parley/bus';
import { Topics } from '@parley/contracts';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { call, seedConversation, seedOrg, sessionFor, type SeededOrg, type Session } from './fixtures';

const infra = useTestInfra();
const quiet = { warn: () => undefined, error: () => undefined };

/** Reference: Assignment Process (REST), Resolve Conversation, and tags on the open session. */
describe('agent API: assign, resolve, tags', () => {
  let app: FastifyInstance;
  let org: SeededOrg;
  let agent: Session;
  let agent2: Session;
  let admin: Session;
  let bus: EventBus;
  const heard: { topic: string; payload: any }[] = [];

  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    org = await seedOrg(infra.db, 'actions');
    [agent, agent2, admin] = await Promise.all([sessionFor(app, org.agent), sessionFor(app, org.agent2), sessionFor(app, org.admin)]);
    // What a gateway node subscribed to the bus hears, whatever path caused the change.
    bus = new EventBus(infra.redis.redis, infra.redis.subscriber, infra.redis.ns, quiet);
    for (const topic of [Topics.conversationAssigned, Topics.conversationResolved]) {
      await bus.subscribe(topic, (payload) => void heard.push({ topic: topic.name, payload }));
    }
  });
  afterAll(async () => {
    await bus.close();
    await app.close();
  });

  const post = (url: string, who: Session, payload?: object, extra: Record<string, string> = {}) =>
    call(app, { method: 'POST', url, headers: { ...who.headers, ...extra }, ...(payload ? { payload } : {}) });
  /** The events of `topic` heard for a conversation, once `count` of them arrived (or 2 s passed). */
  const heardOf = async (topic: string, conversationId: string, count = 1) => {
    const of = () => heard.filter((e) => e.topic === topic && e.payload.conversationId === conversationId).map((e) => e.payload);
    for (let i = 0; i < 200 && of().length < count; i++) await new Promise((r) => setTimeout(r, 10));
    return of();
  };

  it('POST /assign with no body makes the caller the assignee (reference response) and tells the org queue', async () => {
    const c = await seedConversation(org);
    const res = await post(`/api/conversations/${c.id}/assign`, agent);
    expect(res.status).toBe(200);
    const session = await infra.db.conversationSession.findFirstOrThrow({ where: { conversationId: c.id } });
    expect(res.body).toEqual({ id: c.id, assigned_agent_id: org.agent.id, assigned_at: session.assignedAt!.toISOString(), session_id: session.id });
    expect(await heardOf(Topics.conversationAssigned.name, c.id)).toEqual([{ orgId: org.orgId, conversationId: c.id, sessionId: session.id, assignedTo: org.agent.id }]);
    // Claiming again is harmless; another agent loses.
    expect((await post(`/api/conversations/${c.id}/assign`, agent)).body).toEqual(res.body);
    const lost = await post(`/api/conversations/${c.id}/assign`, agent2);
    expect({ status: lost.status, code: lost.code }).toEqual({ status: 409, code: 'ALREADY_ASSIGNED' });
    // The conversation left the unassigned list and joined the agent's.
    const mine = await call(app, { method: 'GET', url: '/api/conversations/?filter=mine', headers: agent.cookieOnly });
    expect(mine.body.map((x: { id: string }) => x.id)).toContain(c.id);
    const unassigned = await call(app, { method: 'GET', url: '/api/conversations/', headers: agent.cookieOnly });
    expect(unassigned.body.map((x: { id: string }) => x.id)).not.toContain(c.id);
  });

  it('accepts an empty JSON body too (clients that always send Content-Type: application/json)', async () => {
    const c = await seedConversation(org);
    const res = await call(app, { method: 'POST', url: `/api/conversations/${c.id}/assign`, headers: { ...agent.headers, 'content-type': 'application/json' }, payload: '' });
    expect(res.status).toBe(200);
    const broken = await call(app, { method: 'POST', url: `/api/conversations/${c.id}/resolve`, headers: { ...agent.headers, 'content-type': 'application/json' }, payload: '{"tags": [' });
    expect({ status: broken.status, code: broken.code }).toEqual({ status: 400, code: 'INVALID_JSON' });
  });

  it('lets an admin reassign to another agent; an agent naming someone else gets 403', async () => {
    const c = await seedConversation(org);
    await post(`/api/conversations/${c.id}/assign`, agent);
    const refused = await post(`/api/conversations/${c.id}/assign`, agent2, { agent_id: org.agent.id });
    expect({ status: refused.status, code: refused.code }).toEqual({ status: 403, code: 'INSUFFICIENT_ROLE' });
    const moved = await post(`/api/conversations/${c.id}/assign`, admin, { agent_id: org.agent2.id });
    expect(moved).toMatchObject({ status: 200, body: { id: c.id, assigned_agent_id: org.agent2.id } });
    expect((await heardOf(Topics.conversationAssigned.name, c.id, 2)).map((p) => p.assignedTo)).toEqual([org.agent.id, org.agent2.id]);
    const stranger = await post(`/api/conversations/${c.id}/assign`, admin, { agent_id: '3f0c8a52-4a3e-4c43-9d1e-0b0b0b0b0b0b' });
    expect({ status: stranger.status, code: stranger.code }).toEqual({ status: 404, code: 'AGENT_NOT_FOUND' });
    const junk = await post(`/api/conversations/${c.id}/assign`, admin, { agent_id: 'nobody' });
    expect({ status: junk.status, code: junk.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('has exactly one winner when two agents claim through HTTP at the same moment (25 rounds)', async () => {
    for (let round = 0; round < 25; round++) {
      const c = await seedConversation(org);
      const results = await Promise.all([post(`/api/conversations/${c.id}/assign`, agent), post(`/api/conversations/${c.id}/assign`, agent2)]);
      expect({ round, statuses: results.map((r) => r.status).sort() }).toEqual({ round, statuses: [200, 409] });
      expect(results.find((r) => r.status === 409)!.code).toBe('ALREADY_ASSIGNED');
    }
  });

  it('POST /resolve closes the session with optional tags (default []), then 409', async () => {
    const plain = await seedConversation(org);
    const res = await post(`/api/conversations/${plain.id}/resolve`, agent);
    const session = await infra.db.conversationSession.findFirstOrThrow({ where: { conversationId: plain.id } });
    expect(res).toMatchObject({ status: 200, body: { id: plain.id, session_id: session.id, status: 'resolved', tags: [], resolved_at: session.resolvedAt!.toISOString() } });
    expect(session).toMatchObject({ status: 'resolved', resolvedById: org.agent.id, openConversationId: null });
    expect(await heardOf(Topics.conversationResolved.name, plain.id)).toEqual([{ orgId: org.orgId, conversationId: plain.id, sessionId: session.id, tags: [] }]);
    const again = await post(`/api/conversations/${plain.id}/resolve`, agent);
    expect({ status: again.status, code: again.code }).toEqual({ status: 409, code: 'NO_OPEN_SESSION' });
    const assign = await post(`/api/conversations/${plain.id}/assign`, agent);
    expect({ status: assign.status, code: assign.code }).toEqual({ status: 409, code: 'NO_OPEN_SESSION' });

    const tagged = await seedConversation(org);
    const withTags = await post(`/api/conversations/${tagged.id}/resolve`, agent, { tags: ['billing', 'resolved-no-action'] });
    expect(withTags.body).toMatchObject({ status: 'resolved', tags: ['billing', 'resolved-no-action'] });
    const badTags = await post(`/api/conversations/${(await seedConversation(org)).id}/resolve`, agent, { tags: ['  '] });
    expect({ status: badTags.status, code: badTags.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('POST /tags adds and removes tags on the open session; they are kept at resolve', async () => {
    const c = await seedConversation(org);
    const url = `/api/conversations/${c.id}/tags`;
    expect((await post(url, agent, { add: ['vip', 'billing'] })).body).toMatchObject({ id: c.id, tags: ['vip', 'billing'] });
    expect((await post(url, agent, { add: ['refund'], remove: ['vip'] })).body.tags).toEqual(['billing', 'refund']);
    const list = await call(app, { method: 'GET', url: `/api/conversations/${c.id}`, headers: agent.cookieOnly });
    expect(list.body.active_session.tags).toEqual(['billing', 'refund']);
    expect((await post(`/api/conversations/${c.id}/resolve`, agent, { tags: ['done'] })).body.tags).toEqual(['billing', 'refund', 'done']);
    const closed = await post(url, agent, { add: ['late'] });
    expect({ status: closed.status, code: closed.code }).toEqual({ status: 409, code: 'NO_OPEN_SESSION' });
    for (const payload of [{}, { add: [{}] }, { add: [''] }, { tag: ['x'] }]) {
      const res = await post(url, agent, payload);
      expect({ payload, status: res.status, code: res.code }).toEqual({ payload, status: 400, code: 'VALIDATION_FAILED' });
    }
  });
});
