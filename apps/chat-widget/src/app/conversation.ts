// What the widget knows of its conversation, merged from four sources that overlap: /init and
// history, the socket (live and replayed after a reconnect), the send stream's own events, and
// the visitor's unsent messages. Stored messages are keyed by `seq`, so whatever arrives twice is
// shown once, in order. Pure (no DOM): unit-tested in Node.

export type SenderType = 'end_user' | 'agent' | 'bot';

export interface StoredMessage {
  id: string;
  seq: number;
  sender_type: SenderType;
  sender_id: string;
  content_type: string;
  content: string;
  rich_media: Record<string, unknown> | null;
  created_at: string;
}

/** A visitor message not yet stored: on its way (possibly retrying), or given up on. */
export interface OutgoingMessage {
  clientId: string;
  content: string;
  state: 'sending' | 'failed';
}

/** A bot answer while it is generated: chunks by their index, so a chunk seen twice counts once. */
export interface StreamingReply {
  replyId: string;
  parts: string[];
}

export type DeliveryState = 'sending' | 'sent' | 'read' | 'failed';

/** The bot pipeline names a reply after the visitor message it answers (see libs/bot README). */
export const replyIdFor = (triggerMessageId: string) => `reply:${triggerMessageId}`;

export class Conversation {
  messages: StoredMessage[] = [];
  outgoing: OutgoingMessage[] = [];
  streams: StreamingReply[] = [];
  private bySeq = new Map<number, StoredMessage>();
  private seqById = new Map<string, number>();
  private readIds = new Set<string>();
  /** Replies whose stored answer arrived. */
  private answered = new Set<string>();

  /** Adds stored messages (any order, duplicates welcome); returns those not seen before. */
  add(list: readonly StoredMessage[]): StoredMessage[] {
    const added: StoredMessage[] = [];
    for (const message of list) {
      if (this.bySeq.has(message.seq)) continue;
      this.bySeq.set(message.seq, message);
      this.seqById.set(message.id, message.seq);
      added.push(message);
    }
    if (!added.length) return added;
    this.messages = [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
    for (const message of added) {
      if (message.sender_type === 'end_user') this.settleByContent(message);
      if (message.sender_type === 'bot') this.finishStream(message);
    }
    return added;
  }

  get lastSeq(): number {
    return this.messages.length ? this.messages[this.messages.length - 1]!.seq : 0;
  }

  /**
   * Where a reconnect resumes: the newest seq with nothing missing before it. Not `lastSeq`:
   * a message sent while the socket was down comes back through the send stream with a higher
   * seq than the ones the socket missed, and resuming after it would skip them for good.
   */
  get resumeSeq(): number {
    let seq = this.messages[0]?.seq ?? 0;
    for (const message of this.messages) {
      if (message.seq > seq + 1) break;
      seq = message.seq;
    }
    return seq;
  }

  queue(clientId: string, content: string): OutgoingMessage {
    const message: OutgoingMessage = { clientId, content, state: 'sending' };
    this.outgoing = [...this.outgoing, message];
    return message;
  }

  /** The send stream said this message is stored. */
  confirm(clientId: string, stored: StoredMessage): void {
    this.outgoing = this.outgoing.filter((m) => m.clientId !== clientId);
    this.add([stored]);
  }

  setOutgoingState(clientId: string, state: OutgoingMessage['state']): void {
    this.outgoing = this.outgoing.map((m) => (m.clientId === clientId ? { ...m, state } : m));
  }

  isPending(clientId: string): boolean {
    return this.outgoing.some((m) => m.clientId === clientId);
  }

  /**
   * A chunk of a bot answer, from the send stream or the socket (the same chunks, maybe both).
   * True when it changed what is shown.
   */
  delta(replyId: string, index: number, text: string): boolean {
    // A reply whose stored message has already arrived is over; a late chunk must not revive it.
    if (this.answered.has(replyId)) return false;
    let stream = this.streams.find((s) => s.replyId === replyId);
    if (!stream) {
      stream = { replyId, parts: [] };
      this.streams = [...this.streams, stream];
    }
    if (stream.parts[index] === text) return false;
    stream.parts[index] = text;
    this.streams = [...this.streams];
    return true;
  }

  dropStream(replyId: string): void {
    this.answered.add(replyId);
    this.streams = this.streams.filter((s) => s.replyId !== replyId);
  }

  markRead(messageIds: readonly string[]): void {
    for (const id of messageIds) this.readIds.add(id);
  }

  /** A visitor message is read once it, or any later one of theirs, was read by an agent. */
  deliveryState(message: StoredMessage): DeliveryState {
    const later = this.messages.filter((m) => m.sender_type === 'end_user' && m.seq >= message.seq);
    return later.some((m) => this.readIds.has(m.id)) ? 'read' : 'sent';
  }

  /** Messages from the other side (agents, the bot) after `seq`: the launcher's unread badge. */
  incomingAfter(seq: number): StoredMessage[] {
    return this.messages.filter((m) => m.seq > seq && m.sender_type !== 'end_user');
  }

  /** The visitor's own message came back over the socket before the send stream confirmed it. */
  private settleByContent(message: StoredMessage): void {
    if (message.content_type !== 'text') return;
    const match = this.outgoing.find((m) => m.state === 'sending' && m.content === message.content);
    if (match) this.outgoing = this.outgoing.filter((m) => m !== match);
  }

  /**
   * A stored bot answer ends the stream of the reply it answers. Its reply id is not in the
   * message, so the earliest stream whose question came before this answer is the one.
   */
  private finishStream(answer: StoredMessage): void {
    const candidates = this.streams.filter((s) => (this.seqById.get(s.replyId.replace(/^reply:/, '')) ?? 0) < answer.seq);
    const done = candidates[0] ?? this.streams[0];
    if (done) this.dropStream(done.replyId);
  }
}
