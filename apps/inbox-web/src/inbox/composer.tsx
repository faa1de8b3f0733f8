import { useEffect, useRef, useState } from 'preact/hooks';
import type { ContentType } from '../api/types';
import { realtime } from '../realtime/connection';
import { sendMessage, type Draft } from './outbox';
import { RichMediaDialog } from './rich-media-dialog';

/** `user_typing` at most this often while the agent types (the server clears it 3 s after the last). */
const TYPING_EVERY_MS = 2000;
/** Unsent text per conversation, kept while the agent looks at other conversations. */
const drafts = new Map<string, string>();

const RICH_TYPES: { type: Exclude<ContentType, 'text'>; label: string }[] = [
  { type: 'quick_button', label: 'Quick buttons' },
  { type: 'carousel', label: 'Carousel' },
  { type: 'dropdown', label: 'Dropdown' },
  { type: 'image', label: 'Image link' },
  { type: 'file', label: 'File link' },
];

/** Focuses the composer of the open conversation (the `r` shortcut). */
export const focusComposer = () => document.querySelector<HTMLTextAreaElement>('#composer-text')?.focus();

export function Composer({ conversationId }: { conversationId: string }) {
  const [text, setText] = useState(drafts.get(conversationId) ?? '');
  const [rich, setRich] = useState<Exclude<ContentType, 'text'> | null>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const lastTyping = useRef(0);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setText(drafts.get(conversationId) ?? '');
    lastTyping.current = 0;
  }, [conversationId]);

  useEffect(() => {
    if (!menuOpen) return;
    menuRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const close = (e: MouseEvent) => !menuRef.current?.contains(e.target as Node) && setMenuOpen(false);
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [menuOpen]);

  const update = (value: string) => {
    setText(value);
    drafts.set(conversationId, value);
    const rt = realtime();
    if (value.trim() && rt.connected && Date.now() - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = Date.now();
      void rt.request('user_typing', { conversation_id: conversationId, sender_type: 'agent' }).catch(() => undefined);
    }
  };

  const send = (draft: Draft) => {
    sendMessage(conversationId, draft);
    lastTyping.current = 0;
  };

  const submit = (event?: Event) => {
    event?.preventDefault();
    const content = text.trim();
    if (!content) return;
    send({ content, content_type: 'text', rich_media: null });
    update('');
    drafts.delete(conversationId);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submit(e);
    if (e.key === 'Escape') (e.currentTarget as HTMLElement).blur();
  };

  const onMenuKey = (e: KeyboardEvent) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    }
    if (e.key === 'Escape') setMenuOpen(false);
  };

  return (
    <>
    <form class="composer" onSubmit={submit}>
      <textarea
        id="composer-text"
        aria-label="Message"
        placeholder="Write a reply… (Enter sends, Shift+Enter adds a line)"
        rows={3}
        maxLength={8000}
        value={text}
        onInput={(e) => update(e.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <div class="composer-actions">
        <div class="menu-wrap" ref={menuRef} onKeyDown={onMenuKey}>
          <button type="button" class="btn" aria-haspopup="menu" aria-expanded={menuOpen} onClick={() => setMenuOpen(!menuOpen)}>
            Rich message ▾
          </button>
          {menuOpen && (
            <div class="menu" role="menu" aria-label="Rich message types">
              {RICH_TYPES.map((r) => (
                <button
                  key={r.type}
                  type="button"
                  role="menuitem"
                  class="menu-item"
                  onClick={() => {
                    setMenuOpen(false);
                    setRich(r.type);
                  }}
                >
                  {r.label}
                </button>
              ))}
            </div>
          )}
        </div>
        <button type="submit" class="btn btn-primary" disabled={!text.trim()}>
          Send
        </button>
      </div>
    </form>
    {rich && <RichMediaDialog type={rich} onClose={() => setRich(null)} onSend={(draft) => (send(draft), setRich(null))} />}
    </>
  );
}
