import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { createTestRedis, type TestRedis } from '@parley/testing';
import { readConfig } from '../../../examples/integrator-jwt-service/config';
import { createTokenServer } from '../../../examples/integrator-jwt-service/token-server';
import { createReplayGuard, generateToken, verifyIdentityAssertion, type IdentityApp, type IdentityCredential } from '../src';

/**
 * The example integrators copy must produce assertions Parley accepts: it is started with each
 * kind of credential and its output goes through the real verifier.
 */
let redis: TestRedis;
let keyDir: string;
const servers: Server[] = [];

beforeAll(() => {
  redis = createTestRedis('security-example');
  keyDir = mkdtempSync(path.join(tmpdir(), 'parley-example-'));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  rmSync(keyDir, { recursive: true, force: true });
  await redis.cleanup();
});

async function start(env: Record<string, string>, rateLimit?: { capacity: number; refillPerSecond: number }): Promise<string> {
  const server = createTokenServer(readConfig({ PORT: '0', ...env }), rateLimit);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/parley-token`;
}

const post = (url: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

function verify(jwt: string, clientId: string, credential: IdentityCredential) {
  const app: IdentityApp = { appId: 'app-1', orgId: 'org-1', keys: [credential] };
  return verifyIdentityAssertion(jwt, {
    audience: 'parley-widget-api',
    resolveApp: async (id) => (id === clientId ? app : null),
    replay: createReplayGuard(redis.redis, redis.ns),
  });
}

describe('examples/integrator-jwt-service', () => {
  it('HS256: POST /parley-token returns a JWT the platform accepts', async () => {
    const secret = generateToken('cs_');
    const url = await start({ PARLEY_CLIENT_ID: 'ci_example_hs', PARLEY_CLIENT_SECRET: secret });
    const res = await post(url, { user_id: 'customer-7', name: 'Grace', email: 'grace@example.com' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { jwt: string; expires_in: number };
    expect(body.expires_in).toBe(300);
    await expect(verify(body.jwt, 'ci_example_hs', { kid: 'hs1', algorithm: 'HS256', secret })).resolves.toMatchObject({
      appId: 'app-1',
      externalId: 'customer-7',
      name: 'Grace',
      email: 'grace@example.com',
    });
  });

  it('ES256 from PARLEY_PRIVATE_KEY_FILE: accepted with the registered public key', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const file = path.join(keyDir, 'es256.pem');
    writeFileSync(file, await exportPKCS8(privateKey), { mode: 0o600 });
    const url = await start({
      PARLEY_CLIENT_ID: 'ci_example_es',
      PARLEY_PRIVATE_KEY_FILE: file,
      PARLEY_KEY_ID: 'es-2025',
      PARLEY_ALGORITHM: 'ES256',
    });
    const body = (await (await post(url, { user_id: 'customer-8' })).json()) as { jwt: string };
    const credential: IdentityCredential = { kid: 'es-2025', algorithm: 'ES256', publicKeyPem: await exportSPKI(publicKey) };
    await expect(verify(body.jwt, 'ci_example_es', credential)).resolves.toMatchObject({ externalId: 'customer-8' });
  });

  it('RS256 from PARLEY_PRIVATE_KEY with \\n escapes, as env files often hold it', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const inline = (await exportPKCS8(privateKey)).replace(/\n/g, '\\n');
    const url = await start({ PARLEY_CLIENT_ID: 'ci_example_rs', PARLEY_PRIVATE_KEY: inline, PARLEY_KEY_ID: 'rs1', PARLEY_ALGORITHM: 'RS256' });
    const body = (await (await post(url, { user_id: 'customer-9' })).json()) as { jwt: string };
    const credential: IdentityCredential = { kid: 'rs1', algorithm: 'RS256', publicKeyPem: await exportSPKI(publicKey) };
    await expect(verify(body.jwt, 'ci_example_rs', credential)).resolves.toMatchObject({ externalId: 'customer-9' });
  });

  it('refuses bad requests, other methods and paths', async () => {
    const url = await start({ PARLEY_CLIENT_ID: 'ci_x', PARLEY_CLIENT_SECRET: generateToken('cs_') });
    expect((await post(url, { name: 'no id' })).status).toBe(400);
    expect((await post(url, { user_id: 'u', email: 'nope' })).status).toBe(400);
    expect((await post(url, '{not json')).status).toBe(400);
    expect((await post(url, { user_id: 'u' }, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post(url, { user_id: 'u', name: 'x'.repeat(5000) })).status).toBe(413);
    expect((await fetch(url)).status).toBe(405);
    expect((await post(url.replace('/parley-token', '/other'), { user_id: 'u' })).status).toBe(404);
  });

  it('rate-limits per address with Retry-After', async () => {
    const url = await start({ PARLEY_CLIENT_ID: 'ci_x', PARLEY_CLIENT_SECRET: generateToken('cs_') }, { capacity: 2, refillPerSecond: 0.1 });
    expect((await post(url, { user_id: 'u' })).status).toBe(200);
    expect((await post(url, { user_id: 'u' })).status).toBe(200);
    const limited = await post(url, { user_id: 'u' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('10');
  });

  it('names the missing variable when the configuration is incomplete', () => {
    expect(() => readConfig({})).toThrow('PARLEY_CLIENT_ID is required');
    expect(() => readConfig({ PARLEY_CLIENT_ID: 'ci' })).toThrow('set PARLEY_CLIENT_SECRET, or PARLEY_PRIVATE_KEY or PARLEY_PRIVATE_KEY_FILE');
    const withKey = { PARLEY_CLIENT_ID: 'ci', PARLEY_PRIVATE_KEY: 'pem' };
    expect(() => readConfig(withKey)).toThrow('PARLEY_ALGORITHM is required');
    expect(() => readConfig({ ...withKey, PARLEY_ALGORITHM: 'HS512' })).toThrow('PARLEY_ALGORITHM must be RS256 or ES256');
    expect(() => readConfig({ ...withKey, PARLEY_ALGORITHM: 'ES256' })).toThrow('PARLEY_KEY_ID is required');
    expect(() => readConfig({ PARLEY_CLIENT_ID: 'ci', PARLEY_CLIENT_SECRET: 's', PORT: 'eighty' })).toThrow('PORT must be a port number');
  });
});
