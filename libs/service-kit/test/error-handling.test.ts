import { Type } from 'typebox';
import { AppError, ErrorCode, rateLimited } from '@parley/contracts';
import { useTestInfra } from '@parley/testing';
import { createServiceApp, type ServiceFastify } from '../src';

const infra = useTestInfra();

describe('the shared error taxonomy', () => {
  let app: ServiceFastify;
  beforeAll(async () => {
    app = await createServiceApp(infra.deps(), { service: 'conversation', logger: false, bodyLimitBytes: 1024 });
    app.post('/echo', { schema: { body: Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: false }) } }, async (req) => req.body);
    app.get('/boom', async () => {
      throw new Error('password=hunter2 leaked in a stack');
    });
    app.get('/limited', async () => {
      throw rateLimited(12.2);
    });
    app.get('/gone', async () => {
      throw new AppError(404, ErrorCode.CONVERSATION_NOT_FOUND, 'Conversation not found');
    });
    app.get('/dup', async () => {
      await infra.db.organization.create({ data: { name: 'x', slug: 'dup' } });
      await infra.db.organization.create({ data: { name: 'y', slug: 'dup' } });
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it('answers a schema violation with 400, a code and the failing path', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', payload: { name: '' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', requestId: expect.any(String) });
    expect(res.json().details[0].path).toBe('body/name');
  });

  it('answers malformed JSON with 400 INVALID_JSON', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', payload: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('INVALID_JSON');
  });

  it('answers an oversized body with 413 and an unknown content type with 415', async () => {
    const big = await app.inject({ method: 'POST', url: '/echo', payload: { name: 'x'.repeat(2000) } });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('PAYLOAD_TOO_LARGE');
    const xml = await app.inject({ method: 'POST', url: '/echo', payload: '<a/>', headers: { 'content-type': 'application/xml' } });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('hides the message of an unexpected error behind a 500', async () => {
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'INTERNAL', message: 'Internal server error' });
    expect(res.body).not.toContain('hunter2');
  });

  it('sends Retry-After with a 429', async () => {
    const res = await app.inject({ method: 'GET', url: '/limited' });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('13');
    expect(res.json().code).toBe('RATE_LIMITED');
  });

  it('keeps a domain code and maps a unique violation to 409', async () => {
    expect((await app.inject({ method: 'GET', url: '/gone' })).json().code).toBe('CONVERSATION_NOT_FOUND');
    const dup = await app.inject({ method: 'GET', url: '/dup' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('ALREADY_EXISTS');
  });

  it('answers an unknown route with 404 ROUTE_NOT_FOUND', async () => {
    const res = await app.inject({ method: 'GET', url: '/nowhere?secret=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', message: 'Route GET /nowhere not found' });
  });

  it('keeps a well-formed incoming request id and replaces an odd one', async () => {
    const kept = await app.inject({ method: 'GET', url: '/gone', headers: { 'x-request-id': 'edge-123' } });
    expect(kept.headers['x-request-id']).toBe('edge-123');
    expect(kept.json().requestId).toBe('edge-123');
    const odd = await app.inject({ method: 'GET', url: '/gone', headers: { 'x-request-id': 'bad id with spaces' } });
    // Replaced by a fresh UUID (which may itself contain the hex letters "bad", so compare whole ids).
    expect(odd.headers['x-request-id']).not.toBe('bad id with spaces');
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});
