import type { FastifyInstance } from 'fastify';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { bearer, expectError, init, initOk, seedWidget, type SeededWidget } from './fixtures';

const infra = useTestInfra();

/** An embed token with no allowed origins: any origin, for development. Own file: it opens preflights for every origin. */
describe('an embed token without allowed origins (development)', () => {
  let app: FastifyInstance;
  let dev: SeededWidget;
  let strict: SeededWidget;
  beforeAll(async () => {
    dev = await seedWidget(infra.db, 'dev', { allowedOrigins: [] });
    strict = await seedWidget(infra.db, 'strict', { allowedOrigins: ['https://strict.example'] });
    app = await buildApp(infra.deps(), { logger: false });
  });
  afterAll(() => app.close());

  it('lets any page origin in, but still wants an Origin', async () => {
    for (const origin of ['http://localhost:5173', 'https://staging.example.net']) {
      const res = await init(app, { embed_token: dev.embedToken }, { origin });
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
    }
    expectError(await init(app, { embed_token: dev.embedToken }, {}), 403, 'ORIGIN_NOT_ALLOWED');
  });

  it('answers every preflight, since the real check happens on the request itself', async () => {
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/v1/widget/init',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' },
    });
    expect(res.statusCode).toBe(204);
    // ...where another bot's widget still refuses that origin.
    expectError(await init(app, { embed_token: strict.embedToken }, { origin: 'http://localhost:3000' }), 403, 'ORIGIN_NOT_ALLOWED');
  });

  it("its widget tokens work from any origin; a strict bot's only from its own", async () => {
    const devVisitor = await initOk(app, { embed_token: dev.embedToken }, { origin: 'http://localhost:5173' });
    const events = (token: string, origin: string) =>
      app.inject({ method: 'POST', url: '/v1/widget/events', headers: bearer(token, origin), payload: { events: [{ name: 'launcher_open' }] } });
    expect((await events(devVisitor.token, 'http://127.0.0.1:8080')).statusCode).toBe(202);
    const strictVisitor = await initOk(app, { embed_token: strict.embedToken }, { origin: 'https://strict.example' });
    expect((await events(strictVisitor.token, 'https://strict.example')).statusCode).toBe(202);
    expectError(await events(strictVisitor.token, 'http://localhost:5173'), 403, 'ORIGIN_NOT_ALLOWED');
  });
});
