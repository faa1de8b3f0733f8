import type { ChatMessage } from '../api/types';
import { formatDateTime, formatTime } from '../lib/format';
import { useStore } from '../lib/store';
import { inbox } from './inbox-store';
import { discard, retry } from './outbox';
import { RichMedia } from './rich-media';

/** `data-sender` values: the same words the widget uses, so tests and styles read alike. */
const SENDER: Record<ChatMessage['sender_type'], string> = { end_user: 'visitor', agent: 'agent', bot: 'bot' };

/** sending → sent → read (by the visitor), or failed. */
function deliveryState(m: ChatMessage, isAgentId: (id: string) => boolean): 'sending' | 'failed' | 'sent' | 'read' {
  if (m.delivery) return m.delivery;
  return Object.keys(m.read_by).some((reader) => !isAgentId(reader)) ? 'read' : 'sent';
}

const STATE_TEXT = { sending: 'Sending…', sent: 'Sent', read: 'Seen', failed: 'Not sent' } as const;

export function MessageItem({ message, conversationId, visitorName, showReceipt }: { message: ChatMessage; conversationId: string; visitorName: string; showReceipt: boolean }) {
  const sender = SENDER[message.sender_type];
  const who = useStore(inbox, (s) =>
    message.sender_type === 'end_user' ? visitorName : message.sender_type === 'bot' ? 'Bot' : message.sender_id === s.meId ? 'You' : (s.team[message.sender_id]?.display_name ?? 'Agent'),
  );
  const team = useStore(inbox, (s) => s.team);
  const meId = useStore(inbox, (s) => s.meId);
  const outgoing = message.sender_type !== 'end_user';
  const state = outgoing ? deliveryState(message, (id) => id === meId || id in team) : null;
  return (
    <li class={`msg msg-${sender}`} data-sender={sender} data-message-id={message.id} {...(state ? { 'data-state': state } : {})}>
      <div class="msg-bubble">
        <span class="msg-author">{who}</span>
        <RichMedia message={message} />
      </div>
      <div class="msg-foot">
        <time dateTime={message.created_at} title={formatDateTime(message.created_at)}>
          {formatTime(message.created_at)}
        </time>
        {state && (state === 'sending' || (showReceipt && state !== 'failed')) && <span class={`receipt receipt-${state}`}>{STATE_TEXT[state]}</span>}
        {state === 'failed' && message.client_message_id && (
          <span class="receipt receipt-failed" role="alert">
            {message.failure ?? 'Not sent.'}{' '}
            <button type="button" class="btn-link" onClick={() => retry(conversationId, message.client_message_id!)}>
              Retry
            </button>{' '}
            <button type="button" class="btn-link" onClick={() => discard(conversationId, message.client_message_id!)}>
              Discard
            </button>
          </span>
        )}
      </div>
    </li>
  );
}
