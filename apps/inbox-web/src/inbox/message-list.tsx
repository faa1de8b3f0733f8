import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useStore } from '../lib/store';
import { Empty, ErrorState, Loading } from '../ui/states';
import { loadOlder, openConversation } from './inbox-actions';
import { inbox } from './inbox-store';
import { MessageItem } from './message-item';
import { emptyThread } from './thread';

/** Within this many pixels of the bottom, new messages keep the view scrolled to the end. */
const STICKY_PX = 120;
/** Within this many pixels of the top, the previous page loads. */
const OLDER_PX = 80;

/**
 * The conversation's messages as a live log (`role="log"`: screen readers announce additions).
 * It stays at the bottom while the agent is there, keeps its place when older pages load above,
 * and shows the bot's answer while it streams and the visitor's typing indicator.
 */
export function MessageList({ conversationId, visitorName }: { conversationId: string; visitorName: string }) {
  const thread = useStore(inbox, (s) => s.threads[conversationId] ?? emptyThread());
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const heightBefore = useRef<number | null>(null);
  const [now, setNow] = useState(Date.now());

  // Typing indicators expire on their own if the clearing event never comes.
  useEffect(() => {
    if (thread.visitorTypingUntil <= now) return;
    const timer = setTimeout(() => setNow(Date.now()), thread.visitorTypingUntil - now + 50);
    return () => clearTimeout(timer);
  }, [thread.visitorTypingUntil, now]);
  const typing = thread.visitorTypingUntil > Date.now();

  useEffect(() => {
    stick.current = true;
  }, [conversationId]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (heightBefore.current !== null) {
      el.scrollTop += el.scrollHeight - heightBefore.current; // older messages were added above
      heightBefore.current = null;
    } else if (stick.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [thread.messages, thread.streaming, typing]);

  const older = () => {
    if (scroller.current) heightBefore.current = scroller.current.scrollHeight;
    void loadOlder(conversationId);
  };
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICKY_PX;
    if (el.scrollTop < OLDER_PX && thread.hasOlder && thread.olderStatus === 'idle') older();
  };

  if (thread.status === 'error') return <ErrorState message={thread.error ?? 'Could not load the messages.'} onRetry={() => void openConversation(conversationId)} />;
  if (thread.status === 'loading' && thread.messages.length === 0) return <Loading label="Loading messages…" />;

  const lastOutgoing = [...thread.messages].reverse().find((m) => m.sender_type !== 'end_user' && !m.delivery);
  const streaming = Object.entries(thread.streaming);
  return (
    <div class="messages-scroll" ref={scroller} onScroll={onScroll} tabIndex={0} aria-label="Message history">
      {thread.hasOlder && (
        <div class="older">
          <button type="button" class="btn btn-small btn-quiet" onClick={older} disabled={thread.olderStatus === 'loading'}>
            {thread.olderStatus === 'loading' ? 'Loading earlier messages…' : thread.olderStatus === 'error' ? 'Could not load — try again' : 'Load earlier messages'}
          </button>
        </div>
      )}
      {thread.messages.length === 0 && streaming.length === 0 && <Empty title="No messages yet" />}
      <ol class="messages" role="log" aria-live="polite" aria-label="Messages">
        {thread.messages.map((m) => (
          <MessageItem key={m.client_message_id ?? m.id} message={m} conversationId={conversationId} visitorName={visitorName} showReceipt={m === lastOutgoing} />
        ))}
        {streaming.map(([replyId, text]) => (
          <li key={replyId} class="msg msg-bot msg-streaming" data-sender="bot" data-streaming="true">
            <div class="msg-bubble">
              <span class="msg-author">Bot</span>
              <p class="msg-text">
                {text}
                <span class="caret" aria-hidden="true" />
              </p>
            </div>
            <div class="msg-foot">answering…</div>
          </li>
        ))}
      </ol>
      {typing && (
        <p class="typing" data-typing="end_user" aria-live="polite">
          <span class="dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {visitorName} is typing…
        </p>
      )}
    </div>
  );
}
