// One message. All content is rendered as text (Preact escapes it); only http(s) URLs become
// links or image sources, and those carry no referrer.
import { formatBytes, linkify } from '../format';
import { readRichMedia } from '../rich-media';
import type { DeliveryState, StoredMessage } from '../conversation';
import { Carousel, Choices, Dropdown } from './RichMedia';

export const SENDER_ATTR = { end_user: 'visitor', agent: 'agent', bot: 'bot' } as const;
const STATE_LABEL: Record<DeliveryState, string> = { sending: 'Sending…', sent: 'Sent', read: 'Read', failed: 'Not sent' };
const LINK = { target: '_blank', rel: 'noopener noreferrer nofollow' } as const;

export function Text({ text }: { text: string }) {
  if (!text) return null;
  return (
    <p class="pw-text">
      {linkify(text).map((part) =>
        'href' in part ? (
          <a href={part.href} {...LINK}>
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </p>
  );
}

function Body({ message, onChoose }: { message: StoredMessage; onChoose: (value: string) => void }) {
  const media = message.content_type === 'text' ? null : readRichMedia(message.content_type, message.rich_media);
  const caption = <Text text={message.content} />;
  if (!media) return message.content ? caption : <p class="pw-text pw-muted">(empty message)</p>;
  switch (media.kind) {
    case 'image':
      return (
        <>
          <img class="pw-img" src={media.url} alt={media.alt} loading="lazy" decoding="async" referrerpolicy="no-referrer" />
          {caption}
        </>
      );
    case 'file':
      return (
        <>
          <a class="pw-file" href={media.url} {...LINK} aria-label={`Download ${media.filename}, ${formatBytes(media.size)}`}>
            <span class="pw-file-name">{media.filename}</span>
            <span class="pw-file-size">{formatBytes(media.size)}</span>
          </a>
          {message.content !== media.filename && caption}
        </>
      );
    case 'quick_button':
      return (
        <>
          {caption}
          <Choices label={message.content || 'Quick replies'} choices={media.buttons} onChoose={onChoose} />
        </>
      );
    case 'carousel':
      return (
        <>
          {caption}
          <Carousel cards={media.cards} onChoose={onChoose} />
        </>
      );
    case 'dropdown':
      return (
        <>
          {caption}
          <Dropdown label={message.content || media.placeholder || 'Choose an option'} placeholder={media.placeholder || 'Choose…'} options={media.options} onChoose={onChoose} />
        </>
      );
  }
}

export interface MessageItemProps {
  message: StoredMessage;
  /** Shown above the bubble: the agent's or bot's name when the speaker changes. */
  name: string | null;
  state: DeliveryState | null;
  showState: boolean;
  onChoose: (value: string) => void;
}

export function MessageItem({ message, name, state, showState, onChoose }: MessageItemProps) {
  const sender = SENDER_ATTR[message.sender_type] ?? 'system';
  return (
    <div class={`pw-msg pw-${sender}`} data-sender={sender} data-seq={message.seq} data-state={state ?? undefined} data-content-type={message.content_type}>
      {name && <div class="pw-name">{name}</div>}
      <div class="pw-bubble">
        <Body message={message} onChoose={onChoose} />
      </div>
      {state && <div class={showState ? 'pw-meta' : 'pw-meta pw-sr'}>{STATE_LABEL[state]}</div>}
    </div>
  );
}

/** A message of the visitor's that is not stored yet: sending, or failed with a way to retry. */
export function OutgoingItem({ content, state, onRetry }: { content: string; state: 'sending' | 'failed'; onRetry: () => void }) {
  return (
    <div class="pw-msg pw-visitor" data-sender="visitor" data-state={state}>
      <div class="pw-bubble">
        <Text text={content} />
      </div>
      <div class="pw-meta">
        {STATE_LABEL[state]}
        {state === 'failed' && (
          <button type="button" class="pw-link" onClick={onRetry}>
            Retry
          </button>
        )}
      </div>
    </div>
  );
}
