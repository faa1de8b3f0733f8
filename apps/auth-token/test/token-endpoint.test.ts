import { useTestInfra } from '@parley/testing';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { TOKEN_RATE_LIMIT } from '../src/routes/token';
import { adminSession } from './fixtures';
import { basic, issueToken, registerApp } from './identity-helpers';

const infra = useTestInfra();

describe('POST /v1/auth/token (hosted JWT generation)', () => {
  let app: FastifyInstance;
  let acme: Awaited<ReturnType<typeof adminSession>>;
  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    acme = await adminSession(app, infra.db, 'tok-acme');
  });
  afterAll(() => app.close());

  const expectChallenge = (res: { statusCode: number; headers: Record<string, unknown>; json(): { code: string } }) => {
    expect({ status: res.statusCode, code: res.json().code }).toEqual({ status: 401, code: 'INVALID_CREDENTIALS' });
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm="parley"/);
  };

  it('answers every authentication failure with the same 401 and a Basic challenge', async () => {
    const registered = await registerApp(app, acme.session, { name: 'Basic' });
    const attempts = [
      issueToken(app, registered.client_id, 'cs_wrong'),
      issueToken(app, 'ci_unknown', registered.client_secret!),
      app.inject({ method: 'POST', url: '/v1/auth/token', payload: { user_id: 'u' } }),
      app.inject({ method: 'POST', url: '/v1/auth/token', headers: { authorization: 'Basic !!!' }, payload: { user_id: 'u' } }),
      app.inject({ method: 'POST', url: '/v1/auth/token', headers: { authorization: `Bearer ${registered.client_secret}` }, payload: { user_id: 'u' } }),
      app.inject({ method: 'POST', url: '/v1/auth/token', headers: basic(registered.client_id, ''), payload: { user_id: 'u' } }),
    ];
    const answers = await Promise.all(attempts);
    for (const res of answers) expectChallenge(res);
    expect(new Set(answers.slice(0, 2).map((r) => r.json().message)).size).toBe(1);
  });

  it.each([
    ['no user_id', {}],
    ['an empty user_id', { user_id: '' }],
    ['a user_id over 255 characters', { user_id: 'x'.repeat(256) }],
    ['an e-mail address without a domain dot', { user_id: 'u', email: 'ada@localhost' }],
    ['an unknown field', { user_id: 'u', admin: true }],
  ])('refuses %s with 400', async (_label, payload) => {
    const registered = await registerApp(app, acme.session, { name: 'Bodies' });
    const res = await issueToken(app, registered.client_id, registered.client_secret!, payload);
    expect({ status: res.statusCode, code: res.json().code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('refuses malformed JSON with 400', async () => {
    const registered = await registerApp(app, acme.session, { name: 'JSON' });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      headers: { ...basic(registered.client_id, registered.client_secret!), 'content-type': 'application/json' },
      payload: '{"user_id":',
    });
    expect({ status: res.statusCode, code: res.json().code }).toEqual({ status: 400, code: 'INVALID_JSON' });
  });

  it(`allows ${TOKEN_RATE_LIMIT.max} tokens a minute per client, then 429 with Retry-After; others are not affected`, async () => {
    const busy = await registerApp(app, acme.session, { name: 'Busy' });
    const victim = await registerApp(app, acme.session, { name: 'Victim' });
    // Failed attempts under someone else's (public) client id do not use up their allowance.
    for (let i = 0; i < TOKEN_RATE_LIMIT.max + 5; i++) expectChallenge(await issueToken(app, victim.client_id, 'cs_guess'));

    for (let i = 0; i < TOKEN_RATE_LIMIT.max; i++) {
      const res = await issueToken(app, busy.client_id, busy.client_secret!);
      expect(res.statusCode).toBe(200);
    }
    const limited = await issueToken(app, busy.client_id, busy.client_secret!);
    expect({ status: limited.statusCode, code: limited.json().code }).toEqual({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);

    expect((await issueToken(app, victim.client_id, victim.client_secret!)).statusCode).toBe(200);
  });
});
