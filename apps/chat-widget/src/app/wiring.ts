// How the outbox, the socket and the host page feed the controller. Kept apart from the
// controller so each source's translation into the controller's actions reads in one place.
import type { WidgetController } from './controller';
import type { InboundMessage } from './host-bridge';
import type { OutboxHost } from './outbox';
import type { RealtimeListener } from './realtime';

/** Tokens expire; these refusals are answered with a fresh one. */
const RENEWABLE = ['TOKEN_EXPIRED', 'TOKEN_INVALID', 'TOKEN_SCOPE_MISMATCH', 'UNAUTHENTICATED'];

export function outboxHost(c: WidgetController): OutboxHost {
  return {
    conversation: () => c.conversation,
    token: () => c.token(),
    renewSession: () => c.renew(),
    confirmed: (clientId, stored) =>
      c.apply(() => {
        c.conversation.confirm(clientId, stored);
        c.askForLead('first_message');
      }),
    delta: (replyId, index, text) => c.apply(() => c.conversation.delta(replyId, index, text)),
    answered: (replyId, answer) =>
      c.apply(() => {
        if (replyId) c.conversation.dropStream(replyId);
        c.ingest([answer], true);
      }),
    handoff: (agentId) =>
      c.apply(() => {
        if (agentId === null) c.askForLead('handoff');
      }),
    botError: (code) => {
      if (code === 'BOT_REPLY_TIMEOUT' || code === 'CANCELLED') c.setNotice('The assistant could not answer just now. A teammate will follow up.');
    },
    notice: (text) => c.setNotice(text),
    waiting: (on) => c.update(() => (c.botThinking = on)),
    changed: () => c.changed(),
  };
}

export function realtimeListener(c: WidgetController): RealtimeListener {
  return {
    connected: () => c.update(() => (c.connected = c.everConnected = true), () => c.open && c.markAllRead()),
    disconnected: () => c.update(() => (c.connected = c.agentTyping = false)),
    refused: (code) => (RENEWABLE.includes(code) ? c.reconnectWithFreshToken() : c.fail(new Error(`the live connection was refused (${code})`))),
    message: (message) => {
      if (message.conversation_id === c.session?.conversation_id) c.apply(() => c.ingest([message], true));
    },
    delta: (replyId, index, text) => {
      c.botThinking = false;
      c.apply(() => c.conversation.delta(replyId, index, text));
    },
    typing: (sender) => c.update(() => (c.agentTyping = sender === 'agent')),
    typingCleared: () => c.update(() => (c.agentTyping = false)),
    read: (reader, ids) => reader !== 'end_user' && c.update(() => c.conversation.markRead(ids)),
    error: (code, retryAfter) => {
      if (code === 'RATE_LIMITED') c.setNotice(`You are sending messages faster than this chat allows. Try again in ${retryAfter ?? 5} s.`);
    },
  };
}

/** Commands from the host page (or embed.js), already checked for their origin by the bridge. */
export function hostCommand(c: WidgetController, message: InboundMessage): void {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
  switch (message.type) {
    case 'parley:hello':
      return c.begin(text(message.identity_assertion));
    case 'parley:visibility':
      return c.boot.launcher ? c.setOpen(message.open === true) : undefined;
    case 'parley:open':
    case 'parley:close':
    case 'parley:toggle':
      return c.requestOpen(message.type === 'parley:open' || (message.type === 'parley:toggle' && !c.open));
    case 'parley:set-customer-name': {
      const name = text(message.name);
      return name ? c.setCustomerName(name) : undefined;
    }
    case 'parley:identify': {
      const assertion = text(message.identity_assertion);
      return assertion ? c.begin(assertion) : undefined;
    }
  }
}
