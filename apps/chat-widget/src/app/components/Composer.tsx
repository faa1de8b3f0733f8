import { useEffect, useRef, useState } from 'preact/hooks';
import type { WidgetController } from '../controller';

/** Enter sends, Shift+Enter starts a new line; typing tells the agent (throttled by the controller). */
export function Composer({ c }: { c: WidgetController }) {
  const [text, setText] = useState('');
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (c.focusRequests) field.current?.focus();
  }, [c.focusRequests]);
  const submit = (event?: Event) => {
    event?.preventDefault();
    if (!text.trim()) return;
    c.send(text);
    setText('');
  };
  return (
    <form class="pw-composer" onSubmit={submit}>
      <textarea
        ref={field}
        aria-label="Message"
        placeholder="Write a message…"
        rows={1}
        maxLength={4000}
        value={text}
        onInput={(event) => {
          setText(event.currentTarget.value);
          c.typed();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) submit(event);
        }}
      />
      <button type="submit" class="pw-send" aria-label="Send">
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path fill="currentColor" d="M3 20.5 21 12 3 3.5v6.6L15 12 3 13.9z" />
        </svg>
      </button>
    </form>
  );
}
