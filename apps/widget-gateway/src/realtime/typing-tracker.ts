import { Topics, type SenderType } from '@parley/contracts';
import type { EventBus } from '@parley/bus';
import type { OrgId } from '@parley/db';
import { connectionOrigin } from './fanout';
import type { RealtimeClient } from './realtime-client';

/** Silence after which someone counts as no longer typing. */
export const TYPING_CLEAR_MS = 3_000;

interface Typing {
  timer: NodeJS.Timeout;
  orgId: OrgId;
  senderType: SenderType;
}

/**
 * `typing_indicator` on each `user_typing`, and `typing_cleared` after TYPING_CLEAR_MS of silence,
 * when the typist sends their message, or when they disconnect. The timer lives on the node that
 * holds the typist's connection; the events travel over the bus to every node.
 */
export class TypingTracker {
  private readonly typing = new Map<string, Typing>();

  constructor(
    private readonly events: Pick<EventBus, 'publish'>,
    private readonly nodeId: string,
    private readonly onError: (err: unknown) => void,
    private readonly clearMs = TYPING_CLEAR_MS,
  ) {}

  async typed(client: RealtimeClient, orgId: OrgId, conversationId: string, senderType: SenderType, requestId: string): Promise<void> {
    const key = `${client.id}|${conversationId}`;
    clearTimeout(this.typing.get(key)?.timer);
    const timer = setTimeout(() => void this.stopped(client, conversationId).catch(this.onError), this.clearMs);
    timer.unref();
    this.typing.set(key, { timer, orgId, senderType });
    await this.publish(orgId, conversationId, senderType, 'typing', client, requestId);
  }

  /** The typist sent, went quiet or left: clear their indicator if one is showing. */
  async stopped(client: RealtimeClient, conversationId: string): Promise<void> {
    const key = `${client.id}|${conversationId}`;
    const entry = this.typing.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.typing.delete(key);
    await this.publish(entry.orgId, conversationId, entry.senderType, 'cleared', client, `typing-${this.nodeId}`);
  }

  async disconnected(client: RealtimeClient): Promise<void> {
    const prefix = `${client.id}|`;
    const conversations = [...this.typing.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
    await Promise.all(conversations.map((c) => this.stopped(client, c)));
  }

  private publish(orgId: OrgId, conversationId: string, senderType: SenderType, state: 'typing' | 'cleared', client: RealtimeClient, requestId: string) {
    return this.events.publish(
      Topics.conversationTyping,
      { orgId, conversationId, senderType, state, origin: connectionOrigin(this.nodeId, client.id) },
      { requestId },
    );
  }
}
