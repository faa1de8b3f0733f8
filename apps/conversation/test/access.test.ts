import type { FastifyInstance } from 'fastify';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { apiKeyFor, call, seedConversation, seedOrg, sessionFor, type SeededOrg, type Session } from './fixtures';

const infra = useTestInfra();
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
interface Route {
  method: Method;
  url: string;
  payload?: object;
}

/**
 * Reference: Error Reference. 401 without credentials (JSON, never a redirect), 403 for a role
 * or scope too low or a missing CSRF token, and 404, never 403, for another organization's
 * resources on every route, so an id is never confirmed to exist.
 */
describe('who may call what', () => {
  let app: FastifyInstance;
  let acme: SeededOrg;
  let other: SeededOrg;
  let acmeAgent: Session;
  let otherAgent: Session;
  let otherAdmin: Session;
  let conversationId: string;
  let agentRoutes: Route[];
  let consoleRoutes: Route[];
  let integrationRoutes: (Route & { scope: 'conversations:read' | 'conversations:write' | 'messages:write' })[];

  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    acme = await seedOrg(infra.db, 'acme');
    other = await seedOrg(infra.db, 'other');
    [acmeAgent, otherAgent, otherAdmin] = await Promise.all([sessionFor(app, acme.agent), sessionFor(app, other.agent), sessionFor(app, other.admin)]);
    conversationId = (await seedConversation(acme)).id;
    const article = await acme.repos.knowledge.create(acme.orgId, { botId: acme.bot.id, title: 'Hours', body: 'Nine to five.' });
    const c = `/api/conversations/${conversationId}`;
    agentRoutes = [
      { method: 'GET', url: `${c}` },
      { method: 'GET', url: `${c}/messages` },
      { method: 'POST', url: `${c}/assign` },
      { method: 'POST', url: `${c}/tags`, payload: { add: ['x'] } },
      { method: 'POST', url: `${c}/messages`, payload: { content: 'hi' } },
      { method: 'POST', url: `${c}/resolve`, payload: { tags: [] } },
    ];
    const b = `/api/console/bots/${acme.bot.id}`;
    consoleRoutes = [
      { method: 'GET', url: b },
      { method: 'PATCH', url: b, payload: { greeting: 'hijacked' } },
      { method: 'GET', url: `${b}/knowledge` },
      { method: 'POST', url: `${b}/knowledge`, payload: { title: 't', body: 'b' } },
      { method: 'GET', url: `${b}/knowledge/${article.id}` },
      { method: 'PATCH', url: `${b}/knowledge/${article.id}`, payload: { title: 'x' } },
      { method: 'DELETE', url: `${b}/knowledge/${article.id}` },
      { method: 'POST', url: '/api/console/channels', payload: { bot_id: acme.bot.id, type: 'mobile_sdk' } },
      { method: 'GET', url: `/api/console/channels/${acme.channel.id}` },
      { method: 'PATCH', url: `/api/console/channels/${acme.channel.id}`, payload: { name: 'x' } },
      { method: 'PATCH', url: `/api/console/members/${acme.agent.id}`, payload: { role: 'admin' } },
    ];
    const v = `/v1/conversations/${conversationId}`;
    integrationRoutes = [
      { method: 'GET', url: v, scope: 'conversations:read' },
      { method: 'GET', url: `${v}/messages`, scope: 'conversations:read' },
      { method: 'POST', url: `${v}/messages`, payload: { content: 'hi', sender_type: 'bot' }, scope: 'messages:write' },
      { method: 'POST', url: `${v}/assign`, payload: { agent_id: acme.agent.id }, scope: 'conversations:write' },
      { method: 'POST', url: `${v}/tags`, payload: { add: ['x'] }, scope: 'conversations:write' },
      { method: 'POST', url: `${v}/resolve`, scope: 'conversations:write' },
    ];
  });
  afterAll(() => app.close());

  const send = (route: Route, headers: Record<string, string>) =>
    call(app, { method: route.method, url: route.url, headers, ...(route.payload ? { payload: route.payload } : {}) });
  const outcome = async (route: Route, headers: Record<string, string>) => {
    const res = await send(route, headers);
    return `${route.method} ${route.url} → ${res.status} ${res.code}`;
  };
  const expected = (routes: Route[], status: string) => routes.map((r) => `${r.method} ${r.url} → ${status}`);

  it('answers 401 UNAUTHENTICATED in JSON to every session route without a session, before reading the body', async () => {
    const all = [...agentRoutes, { method: 'GET' as const, url: '/api/conversations/' }, ...consoleRoutes, { method: 'GET' as const, url: '/api/console/leads/export.csv' }];
    const got = await Promise.all(all.map((r) => outcome({ ...r, payload: { garbage: true } }, {})));
    expect(got).toEqual(expected(all, '401 UNAUTHENTICATED'));
    const res = await send(agentRoutes[0]!, {});
    expect(res.headers['content-type']).toContain('application/json');
  });

  it('answers 403 CSRF_INVALID to a write without X-CSRFToken', async () => {
    const writes = agentRoutes.filter((r) => r.method !== 'GET');
    expect(await Promise.all(writes.map((r) => outcome(r, acmeAgent.cookieOnly)))).toEqual(expected(writes, '403 CSRF_INVALID'));
    expect(await infra.db.message.count({ where: { conversationId } })).toBe(1);
  });

  it('answers 403 INSUFFICIENT_ROLE to an agent on every console route', async () => {
    const all = [...consoleRoutes, { method: 'GET' as const, url: '/api/console/bots' }, { method: 'GET' as const, url: '/api/console/usage' }, { method: 'GET' as const, url: '/api/console/telemetry' }, { method: 'GET' as const, url: '/api/console/leads' }, { method: 'GET' as const, url: '/api/console/members' }];
    expect(await Promise.all(all.map((r) => outcome(r, acmeAgent.headers)))).toEqual(expected(all, '403 INSUFFICIENT_ROLE'));
  });

  it("answers 404 to another organization's agent on every conversation route, and changes nothing", async () => {
    const got = [];
    for (const route of agentRoutes) got.push(await outcome(route, otherAgent.headers));
    expect(got).toEqual(expected(agentRoutes, '404 CONVERSATION_NOT_FOUND'));
    const session = await infra.db.conversationSession.findFirstOrThrow({ where: { conversationId } });
    expect(session).toMatchObject({ status: 'open', assignedAgentId: null, tags: [] });
    expect(await infra.db.message.count({ where: { conversationId } })).toBe(1);
    const lists = await call(app, { method: 'GET', url: '/api/conversations/?filter=all', headers: otherAgent.cookieOnly });
    expect(lists.body).toEqual([]);
  });

  it("answers 404 to another organization's admin for every console resource of this one", async () => {
    const got = [];
    for (const route of consoleRoutes) got.push((await outcome(route, otherAdmin.headers)).replace(/ [A-Z_]+$/, ''));
    expect(got).toEqual(expected(consoleRoutes, '404'));
    expect((await infra.db.bot.findUniqueOrThrow({ where: { id: acme.bot.id } })).greeting).toBe('');
    expect((await infra.db.user.findUniqueOrThrow({ where: { id: acme.agent.id } })).role).toBe('agent');
  });

  it('API keys: 401 without one, 403 INSUFFICIENT_SCOPE without the scope, 404 from another organization', async () => {
    const noKey = await Promise.all(integrationRoutes.map((r) => outcome(r, {})));
    expect(noKey).toEqual(expected(integrationRoutes, '401 API_KEY_INVALID'));
    const junk = await outcome(integrationRoutes[0]!, { authorization: 'Bearer pk_live_not-a-real-key' });
    expect(junk).toBe(expected([integrationRoutes[0]!], '401 API_KEY_INVALID')[0]);

    for (const route of integrationRoutes) {
      const others = (['conversations:read', 'conversations:write', 'messages:write', 'leads:read'] as const).filter((s) => s !== route.scope);
      const key = await apiKeyFor(infra.db, acme.orgId, [...others]);
      expect(await outcome(route, key)).toBe(expected([route], '403 INSUFFICIENT_SCOPE')[0]);
    }
    const list = await call(app, { method: 'GET', url: '/v1/conversations', headers: await apiKeyFor(infra.db, acme.orgId, ['leads:read']) });
    expect({ status: list.status, code: list.code }).toEqual({ status: 403, code: 'INSUFFICIENT_SCOPE' });

    const otherKey = await apiKeyFor(infra.db, other.orgId, ['conversations:read', 'conversations:write', 'messages:write']);
    const got = [];
    for (const route of integrationRoutes) got.push(await outcome(route, otherKey));
    expect(got).toEqual(expected(integrationRoutes, '404 CONVERSATION_NOT_FOUND'));
    expect((await call(app, { method: 'GET', url: '/v1/conversations', headers: otherKey })).body).toEqual({ conversations: [], next_cursor: null });
  });
});
