import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { readConfig } from '../../../examples/integrator-jwt-service/config';
import { createTokenServer } from '../../../examples/integrator-jwt-service/token-server';
import type { LoggedIn } from './fixtures';

/**
 * Runs the example integrator service (examples/integrator-jwt-service) on a free port with the
 * given environment, exactly as an integrator would configure it, and asks it for one assertion.
 */
export async function assertionFromExampleService(env: Record<string, string>, user: Record<string, string>): Promise<string> {
  const server = createTokenServer(readConfig(env));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/parley-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(user),
    });
    if (res.status !== 200) throw new Error(`example service answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { jwt: string }).jwt;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

export const basic = (clientId: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
});

/** `POST /v1/auth/token` as an integrator's backend calls it. */
export function issueToken(app: FastifyInstance, clientId: string, secret: string, payload: object = { user_id: 'u-1' }) {
  return app.inject({ method: 'POST', url: '/v1/auth/token', headers: basic(clientId, secret), payload });
}

export async function registerApp(app: FastifyInstance, session: LoggedIn, payload: object) {
  const res = await app.inject({ method: 'POST', url: '/api/apps', headers: session.headers, payload });
  if (res.statusCode !== 201) throw new Error(`app registration failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; client_id: string; client_secret?: string; client_secret_kid?: string };
}

/** Header and claim names only: two assertions "look the same" when these match. */
export const shapeOf = (jwt: string) => ({
  header: Object.keys(decodeProtectedHeader(jwt)).sort(),
  claims: Object.keys(decodeJwt(jwt)).sort(),
});
