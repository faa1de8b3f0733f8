// The widget's state and what changes it: the session (/init), the live connection, unread
// counts and the lead form. Components read it and call its actions; `changed()` re-renders.
// The outbox, socket and host page reach it through `wiring.ts`.
import type { Socket } from 'socket.io-client';
import { api, HttpError, type InitRequest, type InitResult } from './api';
import { Conversation, type StoredMessage } from './conversation';
import { HostBridge } from './host-bridge';
import { leadSettings, shouldAskForLead, type LeadTrigger } from './lead-capture';
import { Outbox } from './outbox';
import { PacedQueue } from './paced-queue';
import { connectRealtime } from './realtime';
import { startSession } from './session-start';
import { load, save } from './storage';
import { hostCommand, outboxHost, realtimeListener } from './wiring';

export interface BootConfig {
  embedToken: string | null;
  botId: string | null;
  /** The visitor's id (`session_id`): from embed.js, the integrator, or made and kept here. */
  visitorId: string;
  customerName: string | null;
  title: string;
  /** Shown and hidden by embed.js's launcher (`launcher=1`), rather than always on screen. */
  launcher: boolean;
  botName: string;
  allowedOrigins: string[] | null;
}

/** /init returns this many; when it is full, the history endpoint has up to 100. */
const INIT_MESSAGES = 30;
/** embed.js says hello once the iframe has loaded; a page without it is not waited for longer. */
const HELLO_WAIT_MS = 3000;
/** The server clears a typing indicator 3 s after the last signal. */
const TYPING_EVERY_MS = 2000;
/**
 * Each new chunk of a streamed answer stays this long before the next is applied: chunks often
 * arrive in one burst (one network read), and the answer should still visibly grow.
 */
const STREAM_PACE_MS = 25;

export class WidgetController {
  phase: 'starting' | 'ready' | 'failed' = 'starting';
  failure = '';
  open: boolean;
  connected = false;
  everConnected = false;
  browserOnline = navigator.onLine;
  agentTyping = false;
  botThinking = false;
  notice: string | null = null;
  lead: 'hidden' | 'asked' | 'sent' = 'hidden';
  agentNames: Record<string, string> = {};
  unread = 0;
  /** Bumped when the composer should take focus (the panel was opened). */
  focusRequests = 0;
  conversation = new Conversation();
  session: InitResult | null = null;
  readonly outbox: Outbox;
  readonly bridge: HostBridge;

  private socket: Socket | null = null;
  private listeners = new Set<() => void>();
  private waiters: Array<(token: string) => void> = [];
  private renewing: Promise<void> | null = null;
  private booted = false;
  private helloTimer: ReturnType<typeof setTimeout> | undefined;
  private lastRead = 0;
  private marked = new Set<string>();
  private lastTypingAt = 0;
  private customerName: string | null;
  private readonly inbound = new PacedQueue(
    STREAM_PACE_MS,
    () => this.changed(),
    () => this.open && document.visibilityState === 'visible',
  );

  constructor(readonly boot: BootConfig) {
    this.open = !boot.launcher;
    this.customerName = boot.customerName;
    this.bridge = new HostBridge(boot.allowedOrigins, (message) => hostCommand(this, message));
    this.outbox = new Outbox(outboxHost(this));
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Runs `change`, then renders; `after` runs once the change is made. */
  update(change: () => unknown, after?: () => unknown): void {
    change();
    after?.();
    this.changed();
  }

  /** Changes to the conversation, in arrival order, paced (see STREAM_PACE_MS). */
  apply(change: () => unknown): void {
    this.inbound.push(change);
  }

  start(): void {
    this.bridge.start();
    addEventListener('online', () => this.update(() => (this.browserOnline = true)));
    addEventListener('offline', () => this.update(() => (this.browserOnline = false)));
    // With a launcher, the hello may carry an identity assertion: wait for it (briefly) before /init.
    if (this.boot.launcher) this.helloTimer = setTimeout(() => this.begin(), HELLO_WAIT_MS);
    else this.begin();
  }

  // --- the visitor's actions ------------------------------------------------------------------

  send(text: string): void {
    const content = text.trim();
    if (!content) return;
    this.setNotice(null);
    // Sending clears the indicator on the server: the next keystroke should show it again at once.
    this.lastTypingAt = 0;
    this.outbox.send(content.slice(0, 4000));
  }

  typed(): void {
    const now = Date.now();
    if (!this.socket?.connected || !this.session || now - this.lastTypingAt < TYPING_EVERY_MS) return;
    this.lastTypingAt = now;
    this.socket.emit('user_typing', { conversation_id: this.session.conversation_id, sender_type: 'end_user' });
  }

  /** Open or close as the visitor or host page asks; with a launcher, embed.js does it and tells us. */
  requestOpen(open: boolean): void {
    if (this.boot.launcher) this.bridge.emit({ type: 'parley:set-visibility', open });
    else this.setOpen(open);
  }

  async submitLead(form: { email: string; name?: string; phone?: string }): Promise<string | null> {
    try {
      await api.lead(await this.token(), form).catch(async (err: unknown) => {
        if (!(err instanceof HttpError && err.status === 401)) throw err;
        await this.renew();
        return api.lead(await this.token(), form);
      });
      this.update(() => (this.lead = 'sent'), () => save(this.leadKey(), 'sent'));
      return null;
    } catch (err) {
      return err instanceof HttpError && err.status === 400 ? 'Please check the e-mail address and phone number.' : 'Could not send your details. Please try again.';
    }
  }

  dismissLead(): void {
    this.update(() => (this.lead = 'hidden'), () => save(this.leadKey(), 'dismissed'));
  }

  // --- the session ----------------------------------------------------------------------------

  /** The first /init (after embed.js's hello, if any); later calls with an assertion identify the visitor. */
  begin(assertion?: string): void {
    clearTimeout(this.helloTimer);
    if (this.booted) {
      if (assertion) void this.establish(assertion).catch((err: unknown) => warn(`the identity assertion was refused (${codeOf(err)}); the chat continues as before`));
      return;
    }
    this.booted = true;
    this.establish(assertion)
      .then(() => (this.socket = connectRealtime(() => this.resumePoint(), realtimeListener(this))))
      .catch((err: unknown) => this.fail(err));
  }

  /** The widget token, once a session exists. */
  token(): Promise<string> {
    return this.session ? Promise.resolve(this.session.token) : new Promise((resolve) => this.waiters.push(resolve));
  }

  /** A fresh widget token for the same visitor (tokens last an hour); one renewal at a time. */
  renew(): Promise<void> {
    this.renewing ??= this.establish()
      .catch((err: unknown) => {
        if (this.session?.verified) this.bridge.emit({ type: 'parley:identity-required' });
        throw err;
      })
      .finally(() => (this.renewing = null));
    return this.renewing;
  }

  reconnectWithFreshToken(): void {
    this.renew().then(
      () => this.socket?.connect(),
      (err: unknown) => this.fail(err),
    );
  }

  setCustomerName(name: string): void {
    this.customerName = name.slice(0, 100);
    // /init with a name updates the visitor's display name; a verified user's name is the integrator's.
    if (this.session && !this.session.verified) void this.establish().catch(() => undefined);
  }

  /** Before a session exists the chat cannot start at all; later, the conversation stays on screen. */
  fail(err: unknown): void {
    warn(`${this.session ? 'the live connection failed' : 'the chat could not start'}: ${codeOf(err)}`);
    if (this.session) return this.setNotice('The live connection was lost. Reload the page to continue.');
    this.update(() => {
      this.phase = 'failed';
      this.failure = err instanceof HttpError ? `${err.message} (${err.code})` : String(err);
    });
  }

  private async establish(assertion?: string): Promise<void> {
    const body: InitRequest = this.boot.embedToken ? { embed_token: this.boot.embedToken } : { bot_id: this.boot.botId! };
    if (assertion) body.identity_assertion = assertion;
    else body.session_id = this.session?.visitor_id ?? this.boot.visitorId;
    if (this.customerName && !this.session?.verified) body.customer_name = this.customerName;
    await this.adopt(await startSession(body, { anonymousFallback: !this.session }));
  }

  private async adopt(session: InitResult): Promise<void> {
    const switched = this.session !== null && this.session.conversation_id !== session.conversation_id;
    const first = this.session === null || switched;
    if (switched) {
      this.conversation = new Conversation();
      this.marked.clear();
    }
    this.session = session;
    this.ingest(session.messages, false);
    if (first && session.messages.length >= INIT_MESSAGES) {
      this.ingest(await api.history(session.conversation_id, session.visitor_id, session.token).catch(() => []), false);
    }
    if (first) {
      const read = load(`parley_read_${session.conversation_id}`);
      // A first visit on this browser starts with nothing unread: old history is not news.
      this.lastRead = read !== null ? Number(read) || 0 : this.conversation.lastSeq;
      this.lead = load(this.leadKey()) === 'asked' ? 'asked' : 'hidden';
    }
    this.phase = 'ready';
    for (const resolve of this.waiters.splice(0)) resolve(session.token);
    this.updateUnread();
    // Another conversation (an identity arrived): the socket follows it. A socket the server had
    // refused (an expired token) comes back with the fresh token.
    if (switched) this.socket?.disconnect().connect();
    else if (this.socket && !this.socket.active) this.socket.connect();
    if (first) this.bridge.emit({ type: 'parley:ready', conversation_id: session.conversation_id, open: this.open, unread: this.unread });
    this.changed();
  }

  private resumePoint() {
    return { token: this.session!.token, conversation_id: this.session!.conversation_id, last_seq: this.conversation.resumeSeq };
  }

  // --- what arrives, and what has been seen ---------------------------------------------------

  /** Stored messages from anywhere; `live` ones from the other side are announced to the host page. */
  ingest(list: readonly StoredMessage[], live: boolean): void {
    const added = this.conversation.add(list);
    if (!added.length) return;
    for (const m of added) {
      if (m.sender_type === 'agent') {
        this.agentTyping = false;
        void this.nameOf(m.sender_id);
      }
      if (live && m.sender_type !== 'end_user') {
        const { id, seq, sender_type, content_type, content } = m;
        this.bridge.emit({ type: 'parley:message', message: { id, seq, sender_type, content_type, content } });
      }
    }
    if (this.open) this.markAllRead();
    else this.updateUnread();
    this.changed();
  }

  setOpen(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    this.bridge.emit({ type: open ? 'parley:opened' : 'parley:closed' });
    if (open) {
      this.focusRequests++;
      this.markAllRead();
    }
    this.changed();
  }

  markAllRead(): void {
    if (!this.session) return;
    this.lastRead = this.conversation.lastSeq;
    save(`parley_read_${this.session.conversation_id}`, String(this.lastRead));
    const ids = this.conversation.messages.filter((m) => m.sender_type === 'agent' && !this.marked.has(m.id)).map((m) => m.id);
    if (ids.length && this.socket?.connected) {
      for (const id of ids) this.marked.add(id);
      this.socket.emit('mark_read', { conversation_id: this.session.conversation_id, message_ids: ids.slice(-500) });
    }
    this.updateUnread();
  }

  askForLead(trigger: LeadTrigger): void {
    if (!this.session || this.lead !== 'hidden') return;
    const settings = leadSettings(this.session.bot.lead_capture);
    if (!shouldAskForLead(settings, trigger, { verified: this.session.verified, alreadyAsked: load(this.leadKey()) !== null })) return;
    this.update(() => (this.lead = 'asked'), () => save(this.leadKey(), 'asked'));
  }

  setNotice(text: string | null): void {
    this.update(() => (this.notice = text));
  }

  private updateUnread(): void {
    const count = this.conversation.incomingAfter(this.lastRead).length;
    if (count === this.unread) return;
    this.unread = count;
    this.bridge.emit({ type: 'parley:unread', count });
  }

  private async nameOf(agentId: string): Promise<void> {
    if (agentId in this.agentNames || !this.session) return;
    this.agentNames[agentId] = '';
    try {
      const { name } = await api.agent(this.session.token, agentId);
      this.update(() => (this.agentNames[agentId] = name));
    } catch {
      delete this.agentNames[agentId];
    }
  }

  private leadKey(): string {
    return `parley_lead_${this.session?.conversation_id ?? ''}`;
  }
}

const codeOf = (err: unknown) => (err instanceof HttpError ? err.code : String(err));
const warn = (text: string) => console.warn(`[Parley] ${text}`);
