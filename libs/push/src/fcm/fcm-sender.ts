import type { FcmServiceAccount } from '../credentials/fcm-credential';
import { fitPayload, type PushNotice } from '../notification-content';
import { parseRetryAfter, type SendOutcome } from '../send-outcome';
import type { HttpAnswer, HttpPoster } from '../transport/https-client';
import { FcmAccessTokens, FcmAuthRejected } from './fcm-access-tokens';

/** FCM HTTP v1 `messages:send` body: one collapse key / tag per conversation, string-only data. */
export function fcmMessage(token: string, notice: PushNotice): string {
  return fitPayload(
    (body) => ({
      message: {
        token,
        notification: { title: notice.title, body },
        data: { type: 'parley.message', conversation_id: notice.conversationId, message_id: notice.messageId },
        android: {
          priority: 'high',
          // A newer message of the same conversation replaces the older one, queued or shown.
          collapse_key: notice.conversationId,
          notification: { tag: notice.conversationId },
        },
      },
    }),
    notice.body,
  );
}

interface FcmErrorBody {
  error?: { status?: string; message?: string; details?: { '@type'?: string; errorCode?: string }[] };
}

/** The FCM error code (`UNREGISTERED`, `INVALID_ARGUMENT`, ...) of an error answer. */
export function fcmErrorCode(answer: HttpAnswer): string {
  try {
    const err = (JSON.parse(answer.body) as FcmErrorBody).error;
    const detail = err?.details?.find((d) => typeof d.errorCode === 'string')?.errorCode;
    return detail ?? err?.status ?? `HTTP ${answer.status}`;
  } catch {
    return `HTTP ${answer.status}`;
  }
}

/** How each FCM answer is handled (https://firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode). */
export function classifyFcmAnswer(answer: HttpAnswer): SendOutcome | 'auth' {
  if (answer.status === 200) {
    try {
      return { kind: 'sent', id: String((JSON.parse(answer.body) as { name?: unknown }).name ?? '') };
    } catch {
      return { kind: 'sent' };
    }
  }
  const code = fcmErrorCode(answer);
  if (code === 'UNREGISTERED' || answer.status === 404) return { kind: 'unregistered', reason: `FCM ${code}` };
  if (answer.status === 401) return 'auth';
  if (answer.status === 429 || answer.status >= 500) return { kind: 'retry', reason: `FCM ${code}`, retryAfterMs: parseRetryAfter(answer.headers['retry-after']) };
  // INVALID_ARGUMENT, SENDER_ID_MISMATCH, PERMISSION_DENIED...: the same request would fail again.
  return { kind: 'rejected', reason: `FCM ${code}` };
}

/**
 * Sends one notification to one FCM registration token. An access token FCM refuses (401) is
 * replaced and the send tried once more; everything else is classified for the worker.
 */
export class FcmSender {
  constructor(
    private readonly http: HttpPoster,
    private readonly baseUrl: string,
    readonly tokens: FcmAccessTokens,
  ) {}

  async send(sa: FcmServiceAccount, deviceToken: string, notice: PushNotice): Promise<SendOutcome> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}/v1/projects/${encodeURIComponent(sa.projectId)}/messages:send`;
    const body = fcmMessage(deviceToken, notice);
    for (let round = 0; round < 2; round++) {
      let accessToken: string;
      let answer: HttpAnswer;
      try {
        accessToken = await this.tokens.get(sa);
        answer = await this.http.post(url, { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json; charset=utf-8' }, body);
      } catch (err) {
        if (err instanceof FcmAuthRejected) return { kind: 'rejected', reason: err.message };
        return { kind: 'retry', reason: `FCM unreachable: ${(err as Error).message}` };
      }
      const outcome = classifyFcmAnswer(answer);
      if (outcome !== 'auth') return outcome;
      this.tokens.invalidate(sa, accessToken);
    }
    return { kind: 'retry', reason: 'FCM refused two fresh access tokens (401)' };
  }
}
