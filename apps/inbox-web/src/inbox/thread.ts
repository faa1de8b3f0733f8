import type { AgentMessage, ChatMessage } from '../api/types';

/** One conversation's messages as the view holds them. */
export interface Thread {
  /** Stored messages in `seq` order, then the agent's unconfirmed ones in the order sent. */
  messages: ChatMessage[];
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  olderStatus: 'idle' | 'loading' | 'error';
  /** Whether messages before the oldest loaded one exist. */
  hasOlder: boolean;
  /** Bot answers being generated: reply id → text so far. */
  streaming: Record<string, string>;
  /** The end user is typing (until `typing_cleared`, or a few seconds without news). */
  visitorTypingUntil: number;
}

export const emptyThread = (): Thread => ({
  messages: [],
  status: 'loading',
  error: null,
  olderStatus: 'idle',
  hasOlder: false,
  streaming: {},
  visitorTypingUntil: 0,
});

const isPending = (m: ChatMessage) => m.delivery !== undefined && m.id.startsWith('pending:');

function order(a: ChatMessage, b: ChatMessage): number {
  const pa = isPending(a);
  const pb = isPending(b);
  if (pa !== pb) return pa ? 1 : -1;
  return pa ? a.created_at.localeCompare(b.created_at) : a.seq - b.seq;
}

/**
 * Adds stored messages, whether from history, the live stream or a replay after a reconnect:
 * each id appears once (the stored version wins, read receipts are kept from both), so
 * overlapping pages and replays never show a message twice.
 */
export function mergeMessages(existing: readonly ChatMessage[], incoming: readonly AgentMessage[]): ChatMessage[] {
  const byId = new Map(existing.map((m) => [m.id, m]));
  for (const message of incoming) {
    const before = byId.get(message.id);
    // The client id stays: it is the list key, so the confirmed bubble is not redrawn.
    const kept = before?.client_message_id ? { client_message_id: before.client_message_id } : {};
    byId.set(message.id, before ? { ...message, ...kept, read_by: { ...before.read_by, ...message.read_by } } : { ...message });
  }
  return [...byId.values()].sort(order);
}

/** The server accepted an optimistic message: it takes its stored id and seq (or goes, if that id is already shown). */
export function confirmPending(messages: readonly ChatMessage[], clientId: string, stored: { id: string; seq: number }): ChatMessage[] {
  const pending = messages.find((m) => m.client_message_id === clientId && isPending(m));
  if (!pending) return [...messages];
  const rest = messages.filter((m) => m !== pending);
  if (rest.some((m) => m.id === stored.id)) return rest;
  const { delivery: _d, failure: _f, ...confirmed } = pending;
  return [...rest, { ...confirmed, id: stored.id, seq: stored.seq }].sort(order);
}

export function markDelivery(messages: readonly ChatMessage[], clientId: string, delivery: 'sending' | 'failed', failure?: string): ChatMessage[] {
  return messages.map((m) => (m.client_message_id === clientId && isPending(m) ? { ...m, delivery, ...(failure ? { failure } : { failure: undefined }) } : m));
}

/** Adds a reader to the given messages' read receipts. */
export function markRead(messages: readonly ChatMessage[], ids: readonly string[], readerId: string, at: string): ChatMessage[] {
  const set = new Set(ids);
  return messages.map((m) => (set.has(m.id) && !m.read_by[readerId] ? { ...m, read_by: { ...m.read_by, [readerId]: at } } : m));
}

/** Highest stored seq shown: where a resume starts. */
export const lastSeq = (messages: readonly ChatMessage[]) => messages.reduce((max, m) => (isPending(m) ? max : Math.max(max, m.seq)), 0);
/** Lowest stored seq shown: older history is everything below it. */
export const firstSeq = (messages: readonly ChatMessage[]) => messages.find((m) => !isPending(m))?.seq ?? 0;
