import { once } from 'node:events';
import http2 from 'node:http2';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { createSelfSignedCertificate } from './self-signed-cert';
import { readJsonBody, recorder, sendJson, type Recorder } from './server-helpers';

/** What the server answers to one `messages:send`. */
export type FcmPlan =
  | { kind: 'ok' }
  /** An FCM error: `errorCode` goes into `details[].errorCode` (UNREGISTERED, INVALID_ARGUMENT, QUOTA_EXCEEDED...). */
  | { kind: 'error'; status: number; errorCode?: string; googleStatus?: string; retryAfter?: string }
  /** Never answer. */
  | { kind: 'stall' };

export interface FcmServiceAccountKey {
  clientEmail: string;
  projectId: string;
  /** The public half of the service account's key: assertions must verify with it. */
  publicKey: KeyObject | string;
  privateKeyId?: string;
}

export interface FcmSend {
  projectId: string;
  accessToken: string;
  clientEmail: string;
  /** The `message` object as sent. */
  message: any;
  bytes: number;
  /** '2.0' or '1.1': the protocol the client spoke. */
  httpVersion: string;
}

export interface FcmTokenGrant {
  clientEmail: string;
  kid: string | undefined;
  iat: number;
  accessToken: string;
}

export interface FcmServerOptions {
  accounts: FcmServiceAccountKey[];
  /** `expires_in` of issued access tokens, default 3600. */
  tokenTtlS?: number;
  script?: FcmPlan | ((send: FcmSend, index: number) => FcmPlan);
  /** The server's clock (token expiry, assertion times); tests move it with the client's. */
  clock?: () => number;
  /** false: count requests without keeping them (benchmarks). */
  keepRequests?: boolean;
}

export interface FcmServer {
  /** FCM_BASE_URL. */
  baseUrl: string;
  /** FCM_TOKEN_URL: also the `aud` assertions must carry. */
  tokenUrl: string;
  /** Trust this (PEM) as a CA: the server's self-signed certificate. */
  ca: string;
  sends: Recorder<FcmSend>;
  grants: Recorder<FcmTokenGrant>;
  /** Requests refused before the plan (bad token, bad body), as `status code`. */
  refusals: string[];
  /** Forgets every issued access token, as when Google revokes them: the next send gets 401. */
  revokeAccessTokens(): void;
  close(): Promise<void>;
}

const FCM_ERROR_TYPE = 'type.googleapis.com/google.firebase.fcm.v1.FcmError';
const STATUS_NAMES: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };

function fcmError(status: number, message: string, errorCode?: string, googleStatus?: string) {
  return {
    error: {
      code: status,
      message,
      status: googleStatus ?? STATUS_NAMES[status] ?? 'UNKNOWN',
      ...(errorCode ? { details: [{ '@type': FCM_ERROR_TYPE, errorCode }] } : {}),
    },
  };
}

/**
 * A local FCM over HTTPS, HTTP/2 or HTTP/1.1 (self-signed certificate made at start): the OAuth2 token endpoint
 * (`POST /token`, JWT-bearer grant whose RS256 assertion is verified with the service account's
 * public key, `aud` = the token URL, the FCM scope) and `POST /v1/projects/{p}/messages:send`
 * (bearer access token checked, project checked, then the script decides).
 */
export async function startFcmServer(opts: FcmServerOptions): Promise<FcmServer> {
  const tls = createSelfSignedCertificate(`parley-test-fcm-${randomBytes(4).toString('hex')}`);
  const clock = opts.clock ?? Date.now;
  const tokens = new Map<string, { clientEmail: string; projectId: string; expiresAt: number }>();
  const sends = recorder<FcmSend>(opts.keepRequests ?? true);
  const grants = recorder<FcmTokenGrant>();
  const refusals: string[] = [];
  const keys = new Map(opts.accounts.map((a) => [a.clientEmail, { ...a, key: typeof a.publicKey === 'string' ? createPublicKey(a.publicKey) : a.publicKey }]));
  let tokenUrl = '';

  async function token(body: string, res: ServerResponse) {
    const form = new URLSearchParams(body);
    const assertion = form.get('assertion') ?? '';
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return sendJson(res, 400, { error: 'unsupported_grant_type' });
    try {
      const header = decodeProtectedHeader(assertion);
      const iss = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString()).iss as string;
      const account = keys.get(iss);
      if (!account) throw new Error(`unknown service account ${iss}`);
      if (account.privateKeyId && header.kid !== account.privateKeyId) throw new Error('kid is not the key id');
      const { payload } = await jwtVerify(assertion, account.key, { algorithms: ['RS256'], audience: tokenUrl, issuer: iss, currentDate: new Date(clock()) });
      if (!String(payload.scope ?? '').split(' ').includes('https://www.googleapis.com/auth/firebase.messaging')) throw new Error('scope lacks firebase.messaging');
      if (!payload.iat || !payload.exp || payload.exp - payload.iat > 3600) throw new Error('assertion lifetime over one hour');
      const accessToken = `ya29.test-${randomBytes(12).toString('hex')}`;
      const ttl = opts.tokenTtlS ?? 3600;
      tokens.set(accessToken, { clientEmail: iss, projectId: account.projectId, expiresAt: clock() + ttl * 1000 });
      grants.push({ clientEmail: iss, kid: header.kid, iat: payload.iat, accessToken });
      return sendJson(res, 200, { access_token: accessToken, expires_in: ttl, token_type: 'Bearer' });
    } catch (err) {
      refusals.push(`token 400 ${(err as Error).message}`);
      return sendJson(res, 400, { error: 'invalid_grant', error_description: (err as Error).message });
    }
  }

  function send(projectId: string, authorization: string | undefined, body: string, res: ServerResponse, httpVersion: string) {
    const accessToken = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1] ?? '';
    const grant = tokens.get(accessToken);
    if (!grant || grant.expiresAt <= clock()) {
      refusals.push('send 401');
      return sendJson(res, 401, fcmError(401, 'Request had invalid authentication credentials.'));
    }
    if (grant.projectId !== projectId) return sendJson(res, 403, fcmError(403, 'Permission denied on the project', 'SENDER_ID_MISMATCH'));
    let message: any;
    try {
      message = (JSON.parse(body) as { message?: unknown }).message;
    } catch {
      message = undefined;
    }
    if (!message?.token) return sendJson(res, 400, fcmError(400, 'message.token is required', 'INVALID_ARGUMENT'));
    const record: FcmSend = { projectId, accessToken, clientEmail: grant.clientEmail, message, bytes: Buffer.byteLength(body), httpVersion };
    const n = sends.push(record);
    const plan = typeof opts.script === 'function' ? opts.script(record, n) : (opts.script ?? { kind: 'ok' });
    if (plan.kind === 'stall') return;
    if (plan.kind === 'ok') return sendJson(res, 200, { name: `projects/${projectId}/messages/${n}` });
    const headers: Record<string, string> = plan.retryAfter ? { 'retry-after': plan.retryAfter } : {};
    return sendJson(res, plan.status, fcmError(plan.status, plan.errorCode ?? 'error', plan.errorCode, plan.googleStatus), headers);
  }

  // HTTP/2 like Google's endpoints, and HTTP/1.1 on the same port for clients that offer only that.
  const server = http2.createSecureServer({ cert: tls.cert, key: tls.key, allowHTTP1: true, settings: { maxConcurrentStreams: 1000 } }, (req, res) => {
    const reply = res as unknown as ServerResponse;
    void readJsonBody(req).then((body) => {
      const path = req.url ?? '';
      if (req.method === 'POST' && path === '/token') return token(body, reply);
      const m = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(path);
      if (req.method === 'POST' && m) return send(decodeURIComponent(m[1]!), req.headers.authorization, body, reply, req.httpVersion);
      return sendJson(reply, 404, fcmError(404, 'Not found'));
    });
  });
  const connections = new Set<{ destroy(): void }>();
  server.on('session', (session) => {
    connections.add(session);
    session.on('close', () => connections.delete(session));
  });
  // HTTP/1.1 connections (allowHTTP1) are plain TLS sockets, not sessions.
  server.on('secureConnection', (socket) => {
    if (socket.alpnProtocol === 'h2') return;
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  tokenUrl = `https://127.0.0.1:${port}/token`;
  return {
    baseUrl: `https://127.0.0.1:${port}`,
    tokenUrl,
    ca: tls.cert,
    sends,
    grants,
    refusals,
    revokeAccessTokens: () => tokens.clear(),
    async close() {
      for (const connection of connections) connection.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
