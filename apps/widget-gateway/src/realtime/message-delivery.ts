import type { WidgetMessage } from '@parley/contracts';
import { createRepositories, toWidgetMessage, type Db, type OrgId } from '@parley/db';
import type { RealtimeClient } from './realtime-client';

/** A message as `message_received` carries it. */
export type DeliveredMessage = WidgetMessage & { conversation_id: string; session_id: string };

/** How long an out-of-order message waits for the one before it before the database is asked. */
const GAP_WAIT_MS = 150;
const REPLAY_PAGE = 500;

interface Stream {
  orgId: OrgId;
  /** The highest seq this client has been sent (or said it had). */
  lastSeq: number;
  /** Messages that arrived ahead of a gap, or while a replay was reading. */
  held: Map<number, DeliveredMessage>;
  syncing: boolean;
  gapTimer: NodeJS.Timeout | undefined;
}

/**
 * Every message exactly once, in `seq` order, per connection and conversation. Live messages come
 * from the bus and can arrive out of order (two nodes storing at once) or twice (a replay read
 * that already had them); a `seq` at or below what the client has is dropped, one past it is
 * sent, and one further on waits for the gap to fill, from the bus or, after GAP_WAIT_MS,
 * from the database. Replays (join with `last_seq`, gap fills) hold live messages back while
 * they read, then release them in order.
 */
export class MessageDelivery {
  private readonly streams = new WeakMap<RealtimeClient, Map<string, Stream>>();

  constructor(
    private readonly db: Db,
    private readonly onError: (err: unknown, context: object) => void,
  ) {}

  /**
   * Starts (or restarts) delivery of a conversation to a client after `lastSeq`: everything
   * stored since is sent first, then live messages. Without `lastSeq`, from the newest message
   * on (the reference's join: live messages only).
   */
  async open(client: RealtimeClient, orgId: OrgId, conversationId: string, lastSeq: number | undefined, currentSeq: number): Promise<void> {
    let perClient = this.streams.get(client);
    if (!perClient) this.streams.set(client, (perClient = new Map()));
    const previous = perClient.get(conversationId);
    if (previous) clearTimeout(previous.gapTimer);
    const stream: Stream = { orgId, lastSeq: Math.min(lastSeq ?? currentSeq, currentSeq), held: new Map(), syncing: false, gapTimer: undefined };
    perClient.set(conversationId, stream);
    await this.sync(client, conversationId, stream);
  }

  close(client: RealtimeClient, conversationId: string): void {
    const stream = this.streams.get(client)?.get(conversationId);
    if (stream) clearTimeout(stream.gapTimer);
    this.streams.get(client)?.delete(conversationId);
  }

  closeAll(client: RealtimeClient): void {
    for (const conversationId of [...(this.streams.get(client)?.keys() ?? [])]) this.close(client, conversationId);
  }

  /** A live message for a client in the conversation's room. */
  deliver(client: RealtimeClient, message: DeliveredMessage): void {
    const stream = this.streams.get(client)?.get(message.conversation_id);
    if (!stream || message.seq <= stream.lastSeq) return;
    stream.held.set(message.seq, message);
    if (!stream.syncing) this.release(client, message.conversation_id, stream);
  }

  /** Sends held messages while they continue the sequence; arms a gap fill if some are left. */
  private release(client: RealtimeClient, conversationId: string, stream: Stream): void {
    for (let next = stream.held.get(stream.lastSeq + 1); next; next = stream.held.get(stream.lastSeq + 1)) {
      stream.held.delete(next.seq);
      stream.lastSeq = next.seq;
      client.send('message_received', next);
    }
    for (const seq of stream.held.keys()) if (seq <= stream.lastSeq) stream.held.delete(seq);
    clearTimeout(stream.gapTimer);
    stream.gapTimer = undefined;
    if (stream.held.size > 0) {
      stream.gapTimer = setTimeout(() => void this.sync(client, conversationId, stream), GAP_WAIT_MS);
      stream.gapTimer.unref();
    }
  }

  private async sync(client: RealtimeClient, conversationId: string, stream: Stream): Promise<void> {
    if (stream.syncing) return;
    stream.syncing = true;
    try {
      const messages = createRepositories(this.db).messages;
      for (;;) {
        const rows = await messages.after(stream.orgId, conversationId, stream.lastSeq, REPLAY_PAGE);
        for (const row of rows) stream.held.set(row.seq, { ...toWidgetMessage(row), conversation_id: conversationId, session_id: row.sessionId });
        if (rows.length < REPLAY_PAGE) break;
        // Send this page before reading the next, so a long history streams instead of piling up.
        this.release(client, conversationId, stream);
      }
    } catch (err) {
      this.onError(err, { conversationId, clientId: client.id });
    } finally {
      stream.syncing = false;
    }
    if (this.streams.get(client)?.get(conversationId) === stream) this.release(client, conversationId, stream);
  }
}
