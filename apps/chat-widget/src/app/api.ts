// The widget's HTTP calls, all to its own origin (the gateway that served this page).
import type { StoredMessage } from './conversation';

/** The server answered with an error body: branch on `code`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds, from Retry-After (429). */
    readonly retryAfter: number | null,
  ) {
    super(message);
  }
}

/** No answer at all (offline, connection cut): always worth retrying. */
export class NetworkError extends Error {}

export interface InitResult {
  conversation_id: string;
  visitor_id: string;
  verified: boolean;
  token: string;
  expires_in: number;
  bot: { id: string; name: string; greeting: string; theme: Record<string, unknown>; lead_capture: Record<string, unknown> };
  messages: StoredMessage[];
}

export interface InitRequest {
  embed_token?: string;
  bot_id?: string;
  session_id?: string;
  customer_name?: string;
  identity_assertion?: string;
}

export async function httpError(response: Response): Promise<HttpError> {
  const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
  const retryAfter = Number(response.headers.get('retry-after'));
  return new HttpError(
    response.status,
    body.code ?? `HTTP_${response.status}`,
    body.message ?? response.statusText,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}

export async function call<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers, credentials: 'omit' });
  } catch (err) {
    throw new NetworkError(String(err));
  }
  if (!response.ok) throw await httpError(response);
  return (await response.json()) as T;
}

export const api = {
  init: (body: InitRequest) => call<InitResult>('/v1/widget/init', { method: 'POST', body: JSON.stringify(body) }),
  /** The last 100 messages: /init gives only 30. */
  history: (conversationId: string, visitorId: string, token: string) =>
    call<StoredMessage[]>(`/chat-widget/history/${encodeURIComponent(conversationId)}?external_id=${encodeURIComponent(visitorId)}`, { token }),
  lead: (token: string, body: { email: string; name?: string; phone?: string }) =>
    call<{ id: string }>('/v1/widget/leads', { method: 'POST', body: JSON.stringify(body), token }),
  agent: (token: string, agentId: string) => call<{ id: string; name: string }>(`/chat-widget/agents/${encodeURIComponent(agentId)}`, { token }),
};
