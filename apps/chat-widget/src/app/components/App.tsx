import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { WidgetController } from '../controller';
import type { StoredMessage } from '../conversation';
import { Composer } from './Composer';
import { LeadForm } from './LeadForm';
import { MessageItem, OutgoingItem, Text } from './MessageItem';

function useController(c: WidgetController): void {
  const [, setVersion] = useState(0);
  useEffect(() => c.subscribe(() => setVersion((n) => n + 1)), [c]);
}

/** The agent's or bot's name above a message, when the speaker changes. */
function nameFor(c: WidgetController, message: StoredMessage, previous: StoredMessage | undefined): string | null {
  if (message.sender_type === 'end_user') return null;
  if (previous && previous.sender_type === message.sender_type && previous.sender_id === message.sender_id) return null;
  if (message.sender_type === 'bot') return c.session?.bot.name ?? c.boot.botName;
  return c.agentNames[message.sender_id] || 'Agent';
}

export function App({ c }: { c: WidgetController }) {
  useController(c);
  const scroller = useRef<HTMLDivElement>(null);
  const nearBottom = useRef(true);
  const { conversation: conv } = c;
  const messages = conv.messages;
  const lastVisitor = [...messages].reverse().find((m) => m.sender_type === 'end_user');
  const lastAgent = [...messages].reverse().find((m) => m.sender_type === 'agent');
  const subtitle = lastAgent ? `${c.agentNames[lastAgent.sender_id] || 'An agent'} from the team` : (c.session?.bot.name ?? c.boot.botName);
  const greeting = c.session?.bot.greeting;
  const offline = !c.browserOnline || (c.everConnected && !c.connected);
  const typing = c.agentTyping ? (lastAgent && c.agentNames[lastAgent.sender_id]) || 'An agent' : c.botThinking && !conv.streams.length ? (c.session?.bot.name ?? c.boot.botName) : null;

  // Follow new messages, unless the visitor has scrolled up to read.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && nearBottom.current) el.scrollTop = el.scrollHeight;
  });

  return (
    <div
      class="pw"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && c.boot.launcher) c.requestOpen(false);
      }}
    >
      <header class="pw-head">
        <div>
          <h1>{c.boot.title}</h1>
          <p>{subtitle}</p>
        </div>
        {c.boot.launcher && (
          <button type="button" class="pw-close" aria-label="Close chat" onClick={() => c.requestOpen(false)}>
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
              <path fill="currentColor" d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z" />
            </svg>
          </button>
        )}
      </header>
      <div class="pw-banner" role="status" data-offline hidden={!offline}>
        {offline ? 'You are offline. Reconnecting…' : ''}
      </div>
      <div
        class="pw-scroll"
        ref={scroller}
        onScroll={(event) => {
          const el = event.currentTarget;
          nearBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
        }}
      >
        {c.phase === 'failed' && (
          <p class="pw-failed" role="alert">
            The chat is unavailable right now. {c.failure}
          </p>
        )}
        {greeting && (
          <div class="pw-msg pw-bot" data-sender="system" data-greeting>
            <div class="pw-bubble">
              <Text text={greeting} />
            </div>
          </div>
        )}
        <div class="pw-log" role="log" aria-live="polite" aria-label="Messages">
          {messages.map((m, i) => (
            <MessageItem
              key={m.seq}
              message={m}
              name={nameFor(c, m, messages[i - 1])}
              state={m.sender_type === 'end_user' ? conv.deliveryState(m) : null}
              showState={m === lastVisitor && !conv.outgoing.length}
              onChoose={(value) => c.send(value)}
            />
          ))}
          {conv.outgoing.map((o) => (
            <OutgoingItem key={o.clientId} content={o.content} state={o.state} onRetry={() => c.outbox.retry(o.clientId)} />
          ))}
        </div>
        {/* Outside the live log: a growing answer is announced once, when it is stored. */}
        {conv.streams.map((s) => (
          <div key={s.replyId} class="pw-msg pw-bot" data-sender="bot" data-streaming aria-busy="true">
            <div class="pw-bubble">
              <p class="pw-text">{s.parts.join('')}</p>
            </div>
          </div>
        ))}
        {typing && (
          <div class="pw-typing" data-typing={c.agentTyping ? 'agent' : 'bot'}>
            <span class="pw-dots" aria-hidden="true">
              <i />
              <i />
              <i />
            </span>
            {typing} is typing…
          </div>
        )}
        {c.lead === 'asked' && <LeadForm c={c} />}
        {c.lead === 'sent' && (
          <p class="pw-msg pw-thanks" data-sender="system">
            Thanks! The team will get back to you by e-mail.
          </p>
        )}
        {c.phase === 'starting' && <p class="pw-muted pw-center">Connecting…</p>}
      </div>
      {c.notice && (
        <p class="pw-notice" role="alert">
          {c.notice}
        </p>
      )}
      {c.phase !== 'failed' && <Composer c={c} />}
    </div>
  );
}
