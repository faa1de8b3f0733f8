// Visitor messages on their way out, one at a time and in order. Each carries a client message
// id made once, so every retry (after a cut connection, a 5xx, an expired token) is the same
// message to the server: stored once, answered once.
import { HttpError } from './api';
import { replyIdFor, type Conversation, type StoredMessage } from './conversation';
import { streamTurn } from './send-turn';
import { randomId } from './storage';

/** Attempts while the browser says it is online; offline waiting does not count. */
const MAX_ATTEMPTS = 6;
const backoffMs = (attempt: number) => Math.min(15_000, 500 * 2 ** attempt);

export interface OutboxHost {
  conversation(): Conversation;
  /** Resolves with the widget token once a session exists. */
  token(): Promise<string>;
  /** A 401: get a fresh widget token (throws if that is impossible). */
  renewSession(): Promise<void>;
  /** The visitor's message is stored (the send stream's first event). */
  confirmed(clientId: string, stored: StoredMessage): void;
  /** A chunk of the answer, and then the stored answer, in the order they came. */
  delta(replyId: string, index: number, text: string): void;
  answered(replyId: string | null, answer: StoredMessage): void;
  handoff(assignedAgentId: string | null): void;
  botError(code: string): void;
  /** "Sending again in 12 s", or null when the wait is over. */
  notice(text: string | null): void;
  /** The bot is working on an answer that has not started streaming. */
  waiting(on: boolean): void;
  changed(): void;
}

export class Outbox {
  private running = false;
  /**
   * Messages whose turn is over. The host applies a confirmation in the view's paced order, so a
   * message can still look 'sending' after its turn ended; without this the next pass would send
   * it again, spending the conversation's budget (a 429 where none was due).
   */
  private readonly delivered = new Set<string>();

  constructor(private readonly host: OutboxHost) {}

  send(content: string): void {
    this.host.conversation().queue(randomId('c-'), content);
    this.host.changed();
    void this.drain();
  }

  retry(clientId: string): void {
    this.host.conversation().setOutgoingState(clientId, 'sending');
    this.host.changed();
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const next = this.host.conversation().outgoing.find((m) => m.state === 'sending' && !this.delivered.has(m.clientId));
        if (!next) break;
        await this.deliver(next.clientId, next.content);
      }
    } finally {
      this.running = false;
    }
  }

  private async deliver(clientId: string, content: string): Promise<void> {
    const fail = () => {
      this.host.conversation().setOutgoingState(clientId, 'failed');
      this.host.changed();
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.turn(clientId, content);
        this.delivered.add(clientId);
        return;
      } catch (err) {
        if (err instanceof HttpError) {
          if (err.status === 429) {
            await this.waitOut(err.retryAfter ?? 5);
            continue;
          }
          if (err.status === 401) {
            try {
              await this.host.renewSession();
            } catch {
              return fail();
            }
            continue;
          }
          if (err.status < 500) return fail();
        }
        if (navigator.onLine && attempt >= MAX_ATTEMPTS) return fail();
        await pause(backoffMs(attempt));
      }
    }
  }

  private async turn(clientId: string, content: string): Promise<void> {
    const token = await this.host.token();
    let replyId: string | null = null;
    this.host.waiting(true);
    try {
      await streamTurn(token, { content, content_type: 'text', client_message_id: clientId }, {
        message: (stored) => {
          replyId = replyIdFor(stored.id);
          this.host.confirmed(clientId, stored);
        },
        token: (delta, index) => {
          if (!replyId) return;
          this.host.waiting(false);
          this.host.delta(replyId, index, delta);
        },
        done: (answer) => this.host.answered(replyId, answer),
        handoff: (agentId) => this.host.handoff(agentId),
        error: (code) => this.host.botError(code),
      });
    } finally {
      this.host.waiting(false);
    }
  }

  /** 429: wait as long as the server asked, and tell the visitor why nothing happens. */
  private async waitOut(seconds: number): Promise<void> {
    this.host.notice(`You are sending messages faster than this chat allows. Sending again in ${seconds} s.`);
    await pause(seconds * 1000, false);
    this.host.notice(null);
  }
}

/** Waits; a retry after a failure also wakes up as soon as the browser is back online. */
function pause(ms: number, wakeOnline = true): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      removeEventListener('online', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (wakeOnline) addEventListener('online', done);
  });
}
