import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import http2, { type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { createSelfSignedCertificate } from './self-signed-cert';
import { readJsonBody, recorder, type Recorder } from './server-helpers';

/** What the server answers to one push (after the provider token and headers are checked). */
export type ApnsPlan =
  | { kind: 'ok' }
  /** e.g. 410 Unregistered, 400 BadDeviceToken, 403 ExpiredProviderToken, 429 TooManyRequests, 503 ServiceUnavailable. */
  | { kind: 'error'; status: number; reason: string; retryAfter?: string }
  | { kind: 'stall' };

export interface ApnsSigningKey {
  teamId: string;
  keyId: string;
  /** The public half of the .p8 key: provider tokens must verify with it. */
  publicKey: KeyObject | string;
}

export interface ApnsPush {
  deviceToken: string;
  headers: Record<string, string | undefined>;
  payload: any;
  bytes: number;
  /** The provider token's claims: kid, iss, iat. */
  providerToken: { kid: string; iss: string; iat: number; raw: string };
}

export interface ApnsServerOptions {
  keys: ApnsSigningKey[];
  script?: ApnsPlan | ((push: ApnsPush, index: number) => ApnsPlan);
  /** The server's clock: provider tokens older than 60 minutes by it are ExpiredProviderToken. */
  clock?: () => number;
  /** false: count requests without keeping them (benchmarks). */
  keepRequests?: boolean;
}

export interface ApnsServer {
  host: string;
  port: number;
  /** Trust this (PEM): the server's self-signed certificate. */
  ca: string;
  pushes: Recorder<ApnsPush>;
  /** Requests refused before the plan, as `status reason`. */
  refusals: string[];
  close(): Promise<void>;
}

const TOKEN_MAX_AGE_S = 3600;

function answer(res: Http2ServerResponse, status: number, reason?: string, headers: Record<string, string> = {}) {
  const id = randomUUID();
  if (!reason) {
    res.writeHead(status, { 'apns-id': id, ...headers });
    return res.end();
  }
  const body = JSON.stringify(status === 410 ? { reason, timestamp: Date.now() } : { reason });
  res.writeHead(status, { 'apns-id': id, 'content-type': 'application/json', ...headers });
  res.end(body);
}

/**
 * A local APNs over HTTP/2 and TLS (self-signed certificate made at start). It checks what
 * Apple checks before delivering: an ES256 provider token whose `kid` names a known key, signed
 * by it, with `iss` = that key's team and an `iat` under an hour old; `apns-topic` and
 * `apns-push-type`; a payload within 4 KB. Then the script decides the answer.
 */
export async function startApnsServer(opts: ApnsServerOptions): Promise<ApnsServer> {
  const tls = createSelfSignedCertificate(`parley-test-apns-${randomUUID().slice(0, 8)}`);
  const clock = opts.clock ?? Date.now;
  const keys = new Map(opts.keys.map((k) => [k.keyId, { ...k, key: typeof k.publicKey === 'string' ? createPublicKey(k.publicKey) : k.publicKey }]));
  const pushes = recorder<ApnsPush>(opts.keepRequests ?? true);
  /**
   * Provider tokens whose signature already checked out, by their exact text: a provider reuses
   * one token for 20-60 minutes, and checking its ES256 signature again on every push made this
   * server the slowest part of the push benchmark. Age is still judged on every request.
   */
  const verified = new Map<string, ApnsPush['providerToken']>();
  const refusals: string[] = [];
  const refuse = (res: Http2ServerResponse, status: number, reason: string) => {
    refusals.push(`${status} ${reason}`);
    answer(res, status, reason);
  };

  async function handle(req: Http2ServerRequest, res: Http2ServerResponse) {
    const body = await readJsonBody(req);
    const m = /^\/3\/device\/([^/?]+)$/.exec(req.url);
    if (req.method !== 'POST' || !m) return refuse(res, 405, 'MethodNotAllowed');
    const raw = /^bearer (\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!raw) return refuse(res, 403, 'MissingProviderToken');
    let providerToken = verified.get(raw);
    if (!providerToken) {
      try {
        const kid = decodeProtectedHeader(raw).kid ?? '';
        const signer = keys.get(kid);
        if (!signer) throw new Error('unknown kid');
        // Provider tokens carry no `exp`: their age is judged below, against the server's clock.
        const { payload } = await jwtVerify(raw, signer.key, { algorithms: ['ES256'], issuer: signer.teamId });
        if (typeof payload.iat !== 'number') throw new Error('no iat');
        providerToken = { kid, iss: String(payload.iss), iat: payload.iat, raw };
      } catch {
        return refuse(res, 403, 'InvalidProviderToken');
      }
      if (verified.size > 1_000) verified.clear();
      verified.set(raw, providerToken);
    }
    if (Math.floor(clock() / 1000) - providerToken.iat > TOKEN_MAX_AGE_S) return refuse(res, 403, 'ExpiredProviderToken');
    const topic = req.headers['apns-topic'];
    if (!topic) return refuse(res, 400, 'MissingTopic');
    if (req.headers['apns-push-type'] !== 'alert' && req.headers['apns-push-type'] !== 'background') return refuse(res, 400, 'InvalidPushType');
    if (Buffer.byteLength(body) > 4096) return refuse(res, 413, 'PayloadTooLarge');
    let payload: any;
    try {
      payload = JSON.parse(body);
    } catch {
      return refuse(res, 400, 'PayloadEmpty');
    }
    const headers = Object.fromEntries(
      ['apns-topic', 'apns-push-type', 'apns-priority', 'apns-expiration', 'apns-collapse-id'].map((h) => [h, req.headers[h] as string | undefined]),
    );
    const record: ApnsPush = { deviceToken: decodeURIComponent(m[1]!), headers, payload, bytes: Buffer.byteLength(body), providerToken };
    const n = pushes.push(record);
    const plan = typeof opts.script === 'function' ? opts.script(record, n) : (opts.script ?? { kind: 'ok' });
    if (plan.kind === 'stall') return;
    if (plan.kind === 'ok') return answer(res, 200);
    return answer(res, plan.status, plan.reason, plan.retryAfter ? { 'retry-after': plan.retryAfter } : {});
  }

  const server = http2.createSecureServer({ cert: tls.cert, key: tls.key, settings: { maxConcurrentStreams: 1000 } }, (req, res) => {
    void handle(req, res).catch(() => res.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
  });
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    ca: tls.cert,
    pushes,
    refusals,
    async close() {
      for (const s of sessions) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
