import { useTestInfra } from '@parley/testing';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { LOGIN_LIMITS } from '../src/routes/session/login-throttle';
import { login, PASSWORD, seedOrg } from './fixtures';

const infra = useTestInfra();

describe('agent login sessions', () => {
  let app: FastifyInstance;
  let seeded: Awaited<ReturnType<typeof seedOrg>>;
  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    seeded = await seedOrg(infra.db, 'sess');
  });
  afterAll(() => app.close());

  it('logs in with a HttpOnly, SameSite=Lax session cookie and answers /auth/me', async () => {
    const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'AGENT@sess.test ', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy();
    expect(res.json()).toMatchObject({ user: { email: 'agent@sess.test', role: 'agent', organization_id: seeded.orgId } });
    const me = await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: `session=${cookie.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { id: seeded.agent.id }, organization: { id: seeded.orgId, slug: 'org-sess' } });
  });

  it('never stores the cookie value itself in Redis', async () => {
    const { cookie } = await login(app, 'owner@sess.test');
    const value = cookie.split('=')[1]!;
    const keys = await infra.redis.redis.keys(`${infra.redis.ns.prefix}:sess:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((k) => k.includes(value))).toBe(false);
  });

  it.each([
    ['a wrong password', 'agent@sess.test', 'not the password'],
    ['an unknown e-mail', 'nobody@sess.test', PASSWORD],
  ])('refuses %s with the same 401', async (_label, email, password) => {
    const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'E-mail or password is wrong' });
    expect(res.cookies).toHaveLength(0);
  });

  it('refuses a malformed body with 400', async () => {
    const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'x@y.z' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('answers 401 without a session and with a forged one', async () => {
    expect((await app.inject({ method: 'GET', url: '/auth/me' })).json().code).toBe('UNAUTHENTICATED');
    const forged = await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: 'session=forged' } });
    expect(forged.statusCode).toBe(401);
  });

  it('needs the CSRF token for logout, then ends the session', async () => {
    const session = await login(app, 'admin@sess.test');
    const csrf = await app.inject({ method: 'GET', url: '/auth/csrf', headers: { cookie: session.cookie } });
    expect(csrf.json()).toEqual({ csrf_token: session.csrf });
    const missing = await app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie: session.cookie } });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('CSRF_INVALID');
    const wrong = await app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie: session.cookie, 'x-csrftoken': 'nope' } });
    expect(wrong.json().code).toBe('CSRF_INVALID');
    const ok = await app.inject({ method: 'POST', url: '/auth/logout', headers: session.headers });
    expect(ok.statusCode).toBe(204);
    expect(ok.cookies.find((c) => c.name === 'session')?.value).toBe('');
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: session.cookie } })).statusCode).toBe(401);
  });

  it('a password change ends the other sessions, keeps this one, and retires the old password', async () => {
    const here = await login(app, 'owner@sess.test');
    const elsewhere = await login(app, 'owner@sess.test');
    const weak = await app.inject({
      method: 'POST',
      url: '/auth/password',
      headers: here.headers,
      payload: { current_password: PASSWORD, new_password: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    const wrongCurrent = await app.inject({
      method: 'POST',
      url: '/auth/password',
      headers: here.headers,
      payload: { current_password: 'guess', new_password: 'a much better passphrase' },
    });
    expect(wrongCurrent.json().code).toBe('INVALID_CREDENTIALS');
    const changed = await app.inject({
      method: 'POST',
      url: '/auth/password',
      headers: here.headers,
      payload: { current_password: PASSWORD, new_password: 'a much better passphrase' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().other_sessions_ended).toBeGreaterThanOrEqual(1);
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: elsewhere.cookie } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: here.cookie } })).statusCode).toBe(200);
    const old = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'owner@sess.test', password: PASSWORD } });
    expect(old.statusCode).toBe(401);
    await login(app, 'owner@sess.test', 'a much better passphrase');
  });

  it('refuses a deactivated user', async () => {
    await infra.db.user.update({ where: { id: seeded.agent.id }, data: { deactivatedAt: new Date() } });
    const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'agent@sess.test', password: PASSWORD } });
    expect(res.statusCode).toBe(401);
    await infra.db.user.update({ where: { id: seeded.agent.id }, data: { deactivatedAt: null } });
  });
});

describe('session lifetime and HTTPS', () => {
  it('expires sessions after their TTL', async () => {
    const app = await buildApp(infra.deps(), { logger: false, security: { sessionTtlSeconds: 1 } });
    await seedOrg(infra.db, 'ttl');
    const { cookie } = await login(app, 'agent@ttl.test');
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie } })).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie } })).statusCode).toBe(401);
    await app.close();
  });

  it('marks the cookie Secure when HTTPS is required', async () => {
    const app = await buildApp(infra.deps(), { logger: false, security: { requireHttps: true } });
    await seedOrg(infra.db, 'https');
    const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'agent@https.test', password: PASSWORD } });
    expect(res.cookies.find((c) => c.name === 'session')?.secure).toBe(true);
    await app.close();
  });
});

describe('brute-force limiting', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    await seedOrg(infra.db, 'brute');
  });
  afterAll(() => app.close());

  it(`locks an account after ${LOGIN_LIMITS.perAccount.max} failures, even for the right password`, async () => {
    for (let i = 0; i < LOGIN_LIMITS.perAccount.max; i++) {
      const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'agent@brute.test', password: `guess ${i}` }, remoteAddress: `10.0.0.${i + 1}` });
      expect(res.statusCode).toBe(401);
    }
    const locked = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'agent@brute.test', password: PASSWORD }, remoteAddress: '10.0.1.1' });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Another account is not affected.
    expect((await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'admin@brute.test', password: PASSWORD } })).statusCode).toBe(200);
  });

  it(`limits one address after ${LOGIN_LIMITS.perIp.max} failures across accounts`, async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < LOGIN_LIMITS.perIp.max; i++) {
      await app.inject({ method: 'POST', url: '/auth/login', payload: { email: `u${i}@nowhere.test`, password: 'x' }, remoteAddress: ip });
    }
    const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'owner@brute.test', password: PASSWORD }, remoteAddress: ip });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    const other = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'owner@brute.test', password: PASSWORD }, remoteAddress: '192.0.2.78' });
    expect(other.statusCode).toBe(200);
  });
});
