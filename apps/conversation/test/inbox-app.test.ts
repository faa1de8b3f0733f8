import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { call, seedOrg, sessionFor } from './fixtures';

const infra = useTestInfra();

const INDEX = '<!doctype html><html><head><title>Parley</title><script type="module" src="/assets/main-ABC123.js"></script></head><body><div id="app"></div></body></html>';
const SCRIPT = 'console.log("inbox");';
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** The inbox SPA as the conversation service serves it: hashed assets, the page, the fallback, the CSP. */
describe('inbox app: static files at /', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    // A stand-in build: serving is tested here, the real bundle by apps/inbox-web's tests.
    dir = await mkdtemp(path.join(os.tmpdir(), 'inbox-web-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), INDEX);
    await writeFile(path.join(dir, 'assets', 'main-ABC123.js'), SCRIPT);
    await writeFile(path.join(dir, 'assets', 'main-ABC123.js.gz'), gzipSync(SCRIPT));
    await writeFile(path.join(dir, 'assets', 'main-ABC123.css'), 'body{}');
    app = await buildApp(infra.deps(), { logger: false, inboxAssetsDir: dir });
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the page at / and at every app path a browser navigates to, never cached, with a strict CSP', async () => {
    for (const url of ['/', '/login', '/inbox/unassigned', '/inbox/mine/5ba5ad4e-0000-4000-8000-000000000000', '/console/bots?x=1']) {
      const res = await app.inject({ method: 'GET', url, headers: HTML });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
      expect(res.body).toBe(INDEX);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
    }
    const res = await app.inject({ method: 'GET', url: '/', headers: HTML });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('puts the session\'s CSRF token in the page of a signed-in agent, escaped', async () => {
    const org = await seedOrg(infra.db, 'inbox-app');
    const session = await sessionFor(app, org.agent);
    const res = await app.inject({ method: 'GET', url: '/inbox/mine', headers: { ...HTML, ...session.cookieOnly } });
    expect(res.body).toContain(`<meta name="csrf-token" content="${session.headers['x-csrftoken']}"></head>`);
    // Without a (valid) session the page is the same for everyone and carries no token.
    const anonymous = await app.inject({ method: 'GET', url: '/inbox/mine', headers: { ...HTML, cookie: 'session=nope' } });
    expect(anonymous.body).toBe(INDEX);
  });

  it('serves hashed assets for a year, pre-compressed when the client takes gzip', async () => {
    const plain = await app.inject({ method: 'GET', url: '/assets/main-ABC123.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.body).toBe(SCRIPT);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const gz = await app.inject({ method: 'GET', url: '/assets/main-ABC123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toContain('accept-encoding');
    expect(gz.rawPayload.equals(gzipSync(SCRIPT))).toBe(true);
    const css = await app.inject({ method: 'GET', url: '/assets/main-ABC123.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers a missing or unsafe asset name with a JSON 404, never a file outside the build', async () => {
    for (const url of ['/assets/nope.js', '/assets/..%2Findex.html', '/assets/%2e%2e%2f%2e%2e%2fpackage.json', '/assets/.hidden']) {
      const res = await call(app, { method: 'GET', url });
      expect({ url, status: res.status, code: res.code }).toEqual({ url, status: 404, code: 'NOT_FOUND' });
    }
  });

  it('keeps API paths and non-browser requests as JSON 404s', async () => {
    for (const url of ['/api/nope', '/api/conversations/x/y/z', '/v1/nope', '/auth/nope', '/docs/nope', '/_status/conversation/nope', '/socket.io/x', '/chat-widget/x']) {
      const res = await call(app, { method: 'GET', url, headers: HTML });
      expect({ url, status: res.status, code: res.code }).toEqual({ url, status: 404, code: expect.stringMatching(/NOT_FOUND$/) });
    }
    const fetchLike = await call(app, { method: 'GET', url: '/inbox/mine', headers: { accept: '*/*' } });
    expect(fetchLike).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
    const post = await call(app, { method: 'POST', url: '/inbox/mine', headers: HTML });
    expect(post).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
    // The service's own routes are untouched by the fallback.
    expect((await call(app, { method: 'GET', url: '/healthz', headers: HTML })).status).toBe(200);
  });

  it('says clearly when the app is not built, as a 503 with a stable code', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'inbox-web-empty-'));
    const bare = await buildApp(infra.deps(), { logger: false, inboxAssetsDir: empty });
    try {
      const res = await call(bare, { method: 'GET', url: '/', headers: HTML });
      expect(res).toMatchObject({ status: 503, code: 'DEPENDENCY_UNAVAILABLE' });
      expect(res.body.message).toContain('npm run build -w @parley/inbox-web');
    } finally {
      await bare.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
