import type { ApnsSecret } from '../credentials/apns-credential';
import { fitPayload, type PushNotice } from '../notification-content';
import { parseRetryAfter, type SendOutcome } from '../send-outcome';
import { ApnsProviderTokens } from './apns-provider-tokens';
import { Http2Client } from '../transport/http2-client';

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
 * parallel, which is what Apple asks of providers; see Http2Client), reopened when it closes or
 * says GOAWAY.
 */
export class ApnsSender {
  private readonly http: Http2Client;

  constructor(
    private readonly opts: ApnsSenderOptions,
    readonly tokens: ApnsProviderTokens = new ApnsProviderTokens(),
  ) {
    this.http = new Http2Client({ timeoutMs: opts.timeoutMs, ...(opts.ca ? { ca: opts.ca } : {}) });
  }

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

  private async request(secret: ApnsSecret, deviceToken: string, providerToken: string, notice: PushNotice, body: string): Promise<Answer> {
    const answer = await this.http.post(`${this.origin(secret)}/3/device/${encodeURIComponent(deviceToken)}`, {
      authorization: `bearer ${providerToken}`,
      'apns-topic': secret.bundleId,
      'apns-push-type': 'alert',
      'apns-priority': '10',
      'apns-expiration': String(Math.floor(Date.now() / 1000) + EXPIRATION_S),
      'apns-collapse-id': notice.conversationId,
      'content-type': 'application/json',
    }, body);
    let reason = '';
    try {
      if (answer.body) reason = String((JSON.parse(answer.body) as { reason?: unknown }).reason ?? '');
    } catch {
      reason = '';
    }
    const apnsId = typeof answer.headers['apns-id'] === 'string' ? answer.headers['apns-id'] : undefined;
    return { status: answer.status, reason, ...(apnsId ? { apnsId } : {}), retryAfterMs: parseRetryAfter(answer.headers['retry-after'] as string | undefined) };
  }

  close(): void {
    this.http.close();
  }
}
