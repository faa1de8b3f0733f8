import type { FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '@parley/contracts';
import { authenticateClient, type AuthenticatedClient } from '@parley/credentials';
import type { CipherKeyring } from '@parley/security';

/** RFC 7235: a 401 for HTTP authentication says which scheme to use. */
const CHALLENGE = { 'www-authenticate': 'Basic realm="parley", charset="UTF-8"' };
const refuse = (message: string) => new AppError(401, ErrorCode.INVALID_CREDENTIALS, message, undefined, CHALLENGE);

/** `Authorization: Basic base64(client_id:client_secret)`; undefined when absent or malformed. */
export function parseBasicAuth(header: string | undefined): { clientId: string; secret: string } | undefined {
  const match = header && /^Basic\s+([A-Za-z0-9+/=_-]{1,1024})\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  // RFC 7617: the user id cannot contain a colon, the password can.
  const colon = decoded.indexOf(':');
  if (colon < 1 || colon === decoded.length - 1) return undefined;
  return { clientId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

const clients = new WeakMap<FastifyRequest, AuthenticatedClient>();

/** The app the request authenticated as; only after `requireClient` ran. */
export function clientOf(request: FastifyRequest): AuthenticatedClient {
  const client = clients.get(request);
  if (!client) throw new Error('requireClient() must run before clientOf()');
  return client;
}

/**
 * A registered app's client id and client secret over HTTP Basic. Every failure is the same
 * 401, so the answer does not reveal whether the client id exists.
 */
export function requireClient(cipher: CipherKeyring) {
  return async function clientGuard(request: FastifyRequest): Promise<void> {
    const credentials = parseBasicAuth(request.headers.authorization);
    if (!credentials) throw refuse('Authenticate with HTTP Basic: client_id as user name, client_secret as password');
    const client = await authenticateClient(request.server.db, cipher, credentials.clientId, credentials.secret);
    if (!client) throw refuse('Unknown client or wrong client secret');
    clients.set(request, client);
  };
}
