import type { FastifyInstance } from 'fastify';
import type { ServiceTestDeps, TestInfra } from './test-infra';

type BuildApp = (deps: ServiceTestDeps, options: { logger: false }) => Promise<FastifyInstance>;

/**
 * What every service must do whatever its features: answer its probes directly and under its
 * edge prefix, export metrics, and answer unknown routes in the error format. Each app's test
 * calls this once instead of repeating the same checks four times.
 */
export function describeServiceBasics(service: string, buildApp: BuildApp, infra: TestInfra): void {
  describe(`${service}: service basics`, () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildApp(infra.deps(), { logger: false });
      await app.ready();
    });
    afterAll(() => app.close());

    it.each(['/healthz', `/_status/${service}/healthz`])('GET %s says alive', async (url) => {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', service });
    });

    it.each(['/readyz', `/_status/${service}/readyz`])('GET %s is 200 with Postgres and Redis up', async (url) => {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ready', service, checks: { postgres: { ok: true }, redis: { ok: true } } });
    });

    it('GET /metrics is Prometheus text with the HTTP histogram', async () => {
      await app.inject({ method: 'GET', url: '/healthz' });
      const res = await app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('# TYPE http_request_duration_seconds histogram');
      expect(res.body).toContain(`service="${service}"`);
    });

    it('publishes an OpenAPI 3.1 document where every operation has an id, tags and responses', async () => {
      const res = await app.inject({ method: 'GET', url: `/_status/${service}/openapi.json` });
      expect(res.statusCode).toBe(200);
      const doc = res.json() as { openapi: string; paths: Record<string, Record<string, { operationId?: string; tags?: string[]; responses?: object }>> };
      expect(doc.openapi).toBe('3.1.0');
      for (const [path, operations] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(operations)) {
          expect({ path, method, operationId: typeof op.operationId, tags: op.tags?.length ?? 0 }).toEqual({
            path,
            method,
            operationId: 'string',
            tags: expect.any(Number),
          });
          expect(op.tags?.length).toBeGreaterThan(0);
          expect(Object.keys(op.responses ?? {}).length).toBeGreaterThan(0);
        }
      }
      expect(Object.keys(doc.paths)).not.toContain('/healthz');
      const ui = await app.inject({ method: 'GET', url: '/docs/' });
      expect(ui.statusCode).toBe(200);
      expect(ui.headers['content-type']).toContain('text/html');
    });

    it('answers an unknown route with the shared error body', async () => {
      const res = await app.inject({ method: 'GET', url: '/definitely/not/here' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({
        statusCode: 404,
        code: 'ROUTE_NOT_FOUND',
        message: 'Route GET /definitely/not/here not found',
        requestId: res.headers['x-request-id'],
      });
    });
  });
}
