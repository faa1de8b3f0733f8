import type { ChatMessage } from '../api/types';
import { formatBytes, safeUrl } from '../lib/format';
import { linkify } from './message-text';

type Option = { label: string; value: string };
const asOptions = (list: unknown): Option[] =>
  Array.isArray(list) ? list.filter((o): o is Option => typeof o?.label === 'string' && typeof o?.value === 'string') : [];
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Text as typed: line breaks kept (CSS), http(s) links clickable, nothing interpreted as HTML. */
export function MessageText({ text }: { text: string }) {
  if (!text) return null;
  return (
    <p class="msg-text">
      {linkify(text).map((part, i) =>
        part.href ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </p>
  );
}

/** Buttons as the visitor sees them, inert here: the agent reads which choices were offered. */
function Choices({ options, label }: { options: Option[]; label: string }) {
  return (
    <ul class="msg-choices" aria-label={label}>
      {options.map((o) => (
        <li key={o.value} class="choice" title={`Sends "${o.value}"`}>
          {o.label}
        </li>
      ))}
    </ul>
  );
}

/**
 * The reference's rich media types. Every link and image goes through `safeUrl` (http and https
 * only) even though the server checks them too, and images load without sending a Referer.
 */
export function RichMedia({ message }: { message: ChatMessage }) {
  const media = (message.rich_media ?? {}) as Record<string, unknown>;
  switch (message.content_type) {
    case 'image': {
      const url = safeUrl(media.url);
      return (
        <figure class="msg-image">
          {url ? (
            <a href={url} target="_blank" rel="noopener noreferrer nofollow">
              <img src={url} alt={str(media.alt) || 'Image'} loading="lazy" referrerpolicy="no-referrer" />
            </a>
          ) : (
            <span class="muted">[image with an invalid link]</span>
          )}
          {message.content && <figcaption>{message.content}</figcaption>}
        </figure>
      );
    }
    case 'file': {
      const url = safeUrl(media.url);
      const name = str(media.filename) || 'file';
      return (
        <div class="msg-file">
          <span aria-hidden="true">📎 </span>
          {url ? (
            <a href={url} target="_blank" rel="noopener noreferrer nofollow" download={name}>
              {name}
            </a>
          ) : (
            name
          )}
          <span class="muted">
            {' '}
            ({typeof media.size === 'number' ? `${formatBytes(media.size)}, ` : ''}
            {str(media.mime_type) || 'unknown type'})
          </span>
          {message.content && message.content !== name && <MessageText text={message.content} />}
        </div>
      );
    }
    case 'quick_button':
      return (
        <div>
          <MessageText text={message.content} />
          <Choices options={asOptions(media.buttons)} label="Quick buttons offered" />
        </div>
      );
    case 'dropdown':
      return (
        <div>
          <MessageText text={message.content} />
          {str(media.placeholder) && <p class="muted">{str(media.placeholder)}</p>}
          <Choices options={asOptions(media.options)} label="Dropdown options offered" />
        </div>
      );
    case 'carousel': {
      const cards = Array.isArray(media.cards) ? (media.cards as Record<string, unknown>[]) : [];
      return (
        <div>
          <MessageText text={message.content} />
          <ul class="msg-carousel" aria-label="Carousel cards">
            {cards.map((card, i) => {
              const image = safeUrl(card.image_url);
              return (
                <li key={i} class="card">
                  {image && <img src={image} alt="" loading="lazy" referrerpolicy="no-referrer" />}
                  <strong>{str(card.title)}</strong>
                  {str(card.subtitle) && <span class="muted">{str(card.subtitle)}</span>}
                  {asOptions(card.buttons).length > 0 && <Choices options={asOptions(card.buttons)} label={`Buttons of ${str(card.title)}`} />}
                </li>
              );
            })}
          </ul>
        </div>
      );
    }
    default:
      return <MessageText text={message.content} />;
  }
}
