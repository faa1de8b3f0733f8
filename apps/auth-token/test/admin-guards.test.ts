import { useTestInfra } from '@parley/testing';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { login, seedBot, seedOrg, type LoggedIn } from './fixtures';
import { ecPair } from './keys';

const infra = useTestInfra();
const ec = ecPair();
type Method = 'GET' | 'POST' | 'DELETE';

/**
 * Every admin route behind `requireAgent('admin')`: no session 401, an agent 403, and another
 * organization's resources 404 (tenant isolation on every query, never a 403 that confirms an id).
 */
describe('admin routes: session, role and tenant', () => {
  let app: FastifyInstance;
  let admin: LoggedIn;
  let agent: LoggedIn;
  let owner: LoggedIn;
  let intruder: LoggedIn;
  let routes: Array<{ method: Method; url: string; payload?: object }>;

  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    const acme = await seedOrg(infra.db, 'guard-acme');
    await seedOrg(infra.db, 'guard-other');
    admin = await login(app, 'admin@guard-acme.test');
    agent = await login(app, 'agent@guard-acme.test');
    owner = await login(app, 'owner@guard-acme.test');
    intruder = await login(app, 'admin@guard-other.test');
    const bot = await seedBot(infra.db, acme.orgId);
    const post = (url: string, payload: object) => app.inject({ method: 'POST', url, headers: admin.headers, payload }).then((r) => r.json());
    const token = await post('/api/embed-tokens', { bot_id: bot.id, name: 'Site' });
    const key = await post('/api/api-keys', { name: 'Key', scopes: ['leads:read'] });
    const registered = await post('/api/apps', { name: 'App' });
    routes = [
      { method: 'POST', url: '/api/embed-tokens', payload: { bot_id: bot.id, name: 'More' } },
      { method: 'GET', url: '/api/embed-tokens' },
      { method: 'DELETE', url: `/api/embed-tokens/${token.id}` },
      { method: 'POST', url: '/api/api-keys', payload: { name: 'More', scopes: ['leads:read'] } },
      { method: 'GET', url: '/api/api-keys' },
      { method: 'DELETE', url: `/api/api-keys/${key.id}` },
      { method: 'POST', url: '/api/apps', payload: { name: 'More' } },
      { method: 'GET', url: '/api/apps' },
      { method: 'GET', url: `/api/apps/${registered.id}` },
      { method: 'POST', url: `/api/apps/${registered.id}/keys`, payload: { kid: 'k1', algorithm: 'ES256', pem: ec.publicPem } },
      { method: 'POST', url: `/api/apps/${registered.id}/secret` },
      { method: 'DELETE', url: `/api/apps/${registered.id}/keys/${registered.client_secret_kid}` },
      { method: 'DELETE', url: `/api/apps/${registered.id}` },
    ];
  });
  afterAll(() => app.close());

  const send = (route: (typeof routes)[number], headers: Record<string, string>) =>
    app.inject({ method: route.method, url: route.url, headers, ...(route.payload ? { payload: route.payload } : {}) });

  it('answers 401 UNAUTHENTICATED without a session, before looking at the body', async () => {
    for (const route of routes) {
      const res = await send({ ...route, payload: { garbage: true } }, {});
      expect({ route: route.url, status: res.statusCode, code: res.json().code }).toEqual({ route: route.url, status: 401, code: 'UNAUTHENTICATED' });
    }
  });

  it('answers 403 INSUFFICIENT_ROLE to an agent', async () => {
    for (const route of routes) {
      const res = await send(route, agent.headers);
      expect({ route: `${route.method} ${route.url}`, status: res.statusCode, code: res.json().code }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 403,
        code: 'INSUFFICIENT_ROLE',
      });
    }
  });

  it('answers 403 CSRF_INVALID to a write without X-CSRFToken, even from an admin', async () => {
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      const res = await send(route, { cookie: admin.cookie });
      expect({ route: route.url, code: res.json().code }).toEqual({ route: route.url, code: 'CSRF_INVALID' });
    }
  });

  it("answers 404 to another organization's admin for every resource of this one", async () => {
    // Routes naming a resource of this organization: by id in the path, or a bot in the body.
    const naming = routes.filter((r) => /[0-9a-f-]{36}/.test(r.url) || (r.payload && 'bot_id' in r.payload));
    expect(naming).toHaveLength(8);
    for (const route of naming) {
      const res = await send(route, intruder.headers);
      expect({ route: `${route.method} ${route.url}`, status: res.statusCode }).toEqual({ route: `${route.method} ${route.url}`, status: 404 });
    }
  });

  it('lets an owner (above admin) use every route', async () => {
    for (const route of routes) {
      const res = await send(route, owner.headers);
      expect({ route: `${route.method} ${route.url}`, ok: res.statusCode < 300 }).toEqual({ route: `${route.method} ${route.url}`, ok: true });
    }
  });
});
