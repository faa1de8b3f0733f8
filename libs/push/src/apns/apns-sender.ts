import http2, { type ClientHttp2Session } from 'node:http2';
import type { ApnsSecret } from '../credentials/apns-credential';
import { fitPayload, type PushNotice } from '../notification-content';
import { parseRetryAfter, type SendOutcome } from '../send-outcome';
import { ApnsProviderTokens } from './apns-provider-tokens';

export interface ApnsEndpoints {
  productionHost: string;
  sandboxHost: string;
  port: number;
}

export interface ApnsSenderOptions {
  endpoints: ApnsEndpoints;
  timeoutMs: number;
  /** Extra trusted CA certificates (PEM): an egress proxy's, or a test server's. */
  ca?: string | string[];
}

/** How long APNs keeps trying to reach an offline phone: a day-old chat message is still worth showing. */
const EXPIRATION_S = 24 * 3600;

interface Answer {
  status: number;
  reason: string;
  apnsId?: string;
  retryAfterMs?: number;
}

/** The `aps` payload: the conversation is the thread, so a phone groups one conversation's pushes. */
export function apnsPayload(notice: PushNotice): string {
  return fitPayload(
    (body) => ({
      aps: { alert: { title: notice.title, body }, sound: 'default', 'thread-id': notice.conversationId },
      conversation_id: notice.conversationId,
      message_id: notice.messageId,
    }),
    notice.body,
  );
}

/** https://developer.apple.com/documentation/usernotifications/handling-notification-responses-from-apns */
export function classifyApnsAnswer(a: Answer): SendOutcome | 'expired-token' {
  if (a.status === 200) return { kind: 'sent', ...(a.apnsId ? { id: a.apnsId } : {}) };
  if (a.status === 410 || a.reason === 'BadDeviceToken' || a.reason === 'DeviceTokenNotForTopic') {
    return { kind: 'unregistered', reason: `APNs ${a.reason || a.status}` };
  }
  if (a.status === 403 && a.reason === 'ExpiredProviderToken') return 'expired-token';
  if (a.status === 429 || a.status >= 500) return { kind: 'retry', reason: `APNs ${a.reason || a.status}`, retryAfterMs: a.retryAfterMs };
  return { kind: 'rejected', reason: `APNs ${a.status} ${a.reason}`.trim() };
}

/**
 * APNs over HTTP/2 with token authentication: one long-lived session per host (many streams in
 * parallel, which is what Apple asks of providers), reopened when it closes or says GOAWAY.
 */
export class ApnsSender {
  private readonly sessions = new Map<string, ClientHttp2Session>();

  constructor(
    private readonly opts: ApnsSenderOptions,
    readonly tokens: ApnsProviderTokens = new ApnsProviderTokens(),
  ) {}

  async send(secret: ApnsSecret, deviceToken: string, notice: PushNotice): Promise<SendOutcome> {
    const body = apnsPayload(notice);
    for (let round = 0; round < 2; round++) {
      const providerToken = await this.tokens.get(secret);
      let answer: Answer;
      try {
        answer = await this.request(secret, deviceToken, providerToken, notice, body);
      } catch (err) {
        return { kind: 'retry', reason: `APNs unreachable: ${(err as Error).message}` };
      }
      const outcome = classifyApnsAnswer(answer);
      if (outcome !== 'expired-token') return outcome;
      // Refresh and retry once; a second refusal waits for the job's next attempt.
      this.tokens.invalidate(secret, providerToken);
    }
    return { kind: 'retry', reason: 'APNs ExpiredProviderToken twice' };
  }

  private origin(secret: ApnsSecret): string {
    const { productionHost, sandboxHost, port } = this.opts.endpoints;
    return `https://${secret.environment === 'production' ? productionHost : sandboxHost}:${port}`;
  }

  private session(origin: string): ClientHttp2Session {
    const open = this.sessions.get(origin);
    if (open && !open.closed && !open.destroyed) return open;
    const session = http2.connect(origin, this.opts.ca ? { ca: this.opts.ca } : {});
    const forget = () => this.sessions.get(origin) === session && this.sessions.delete(origin);
    session.on('close', forget);
    session.on('goaway', forget);
    // Errors reach the pending streams; without a listener the process would crash.
    session.on('error', forget);
    session.unref();
    this.sessions.set(origin, session);
    return session;
  }

  private request(secret: ApnsSecret, deviceToken: string, providerToken: string, notice: PushNotice, body: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const stream = this.session(this.origin(secret)).request({
        ':method': 'POST',
        ':path': `/3/device/${encodeURIComponent(deviceToken)}`,
        authorization: `bearer ${providerToken}`,
        'apns-topic': secret.bundleId,
        'apns-push-type': 'alert',
        'apns-priority': '10',
        'apns-expiration': String(Math.floor(Date.now() / 1000) + EXPIRATION_S),
        'apns-collapse-id': notice.conversationId,
        'content-type': 'application/json',
      });
      stream.setTimeout(this.opts.timeoutMs, () => stream.close(http2.constants.NGHTTP2_CANCEL));
      let status = 0;
      let headers: http2.IncomingHttpHeaders = {};
      const parts: Buffer[] = [];
      stream.on('response', (h) => {
        headers = h;
        status = Number(h[':status']);
      });
      stream.on('data', (c: Buffer) => parts.push(c));
      stream.on('error', reject);
      stream.on('close', () => {
        if (!status) return reject(new Error(`no answer from ${this.origin(secret)} within ${this.opts.timeoutMs} ms`));
        let reason = '';
        try {
          if (parts.length) reason = String((JSON.parse(Buffer.concat(parts).toString('utf8')) as { reason?: unknown }).reason ?? '');
        } catch {
          reason = '';
        }
        const apnsId = typeof headers['apns-id'] === 'string' ? headers['apns-id'] : undefined;
        resolve({ status, reason, ...(apnsId ? { apnsId } : {}), retryAfterMs: parseRetryAfter(headers['retry-after'] as string | undefined) });
      });
      stream.end(body);
    });
  }

  close(): void {
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
  }
}
