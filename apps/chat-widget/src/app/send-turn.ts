// One visitor message through POST /v1/widget/messages/stream: the stored message comes back
// first, then the bot's answer token by token, then the stored answer.
import { httpError, NetworkError } from './api';
import type { StoredMessage } from './conversation';
import { SseParser, type SseEvent } from './sse-parser';

export interface TurnListener {
  message(stored: StoredMessage): void;
  token(delta: string, index: number): void;
  done(answer: StoredMessage): void;
  /** A person takes over: `assignedAgentId` null when the bot handed the conversation to the queue. */
  handoff(assignedAgentId: string | null): void;
  error(code: string): void;
}

export interface TurnBody {
  content: string;
  content_type: 'text';
  client_message_id: string;
}

/** True when the event ends the turn. */
function dispatch(event: SseEvent, listener: TurnListener): boolean {
  const data = JSON.parse(event.data) as Record<string, unknown>;
  switch (event.event) {
    case 'message':
      listener.message(data as unknown as StoredMessage);
      return false;
    case 'token':
      listener.token(String(data.delta ?? ''), Number(data.index ?? 0));
      return false;
    case 'done':
      listener.done(data as unknown as StoredMessage);
      return true;
    case 'handoff':
      listener.handoff(typeof data.assigned_agent_id === 'string' ? data.assigned_agent_id : null);
      return true;
    case 'error':
      listener.error(String(data.code ?? 'ERROR'));
      return true;
    default:
      return false;
  }
}

/**
 * Resolves when the turn is over. Throws HttpError for a refused request (nothing was stored),
 * NetworkError when the stream broke before its end: resending the same `client_message_id`
 * is then safe, the server finds the stored message and the answer instead of making new ones.
 */
export async function streamTurn(token: string, body: TurnBody, listener: TurnListener): Promise<void> {
  let response: Response;
  try {
    response = await fetch('/v1/widget/messages/stream', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(body),
      credentials: 'omit',
    });
  } catch (err) {
    throw new NetworkError(String(err));
  }
  if (!response.ok) throw await httpError(response);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  let ended = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const event of parser.push(decoder.decode(value, { stream: true }))) ended = dispatch(event, listener) || ended;
    }
  } catch (err) {
    throw new NetworkError(`the answer stream broke: ${String(err)}`);
  }
  if (!ended) throw new NetworkError('the answer stream ended early');
}
