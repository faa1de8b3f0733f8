import { useState } from 'preact/hooks';
import { Dialog } from '../ui/dialog';
import { describeError } from '../ui/form';
import { toast } from '../ui/toast';
import { resolve } from './inbox-actions';

/** Tags as typed: split on commas, trimmed, each at most 50 characters, no duplicates. */
export const parseTags = (text: string) => [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];

/** Resolve with tags: the session closes; the visitor's next message opens a new one. */
export function ResolveDialog({ conversationId, currentTags, onClose }: { conversationId: string; currentTags: string[]; onClose: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const tags = parseTags(text);
    if (tags.some((t) => t.length > 50)) return setError('Each tag can be at most 50 characters.');
    setBusy(true);
    try {
      await resolve(conversationId, tags);
      toast('Conversation resolved');
      onClose();
    } catch (err) {
      setError(describeError(err).message);
      setBusy(false);
    }
  };
  return (
    <Dialog title="Resolve conversation" onClose={onClose}>
      <form class="stack" onSubmit={submit}>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        {currentTags.length > 0 && (
          <p>
            Already tagged:{' '}
            {currentTags.map((t) => (
              <span key={t} class="chip chip-tag">
                {t}
              </span>
            ))}
          </p>
        )}
        <label class="field">
          <span>Tags (comma-separated, optional)</span>
          <input name="tags" autoFocus value={text} placeholder="billing, shipping" onInput={(e) => setText(e.currentTarget.value)} />
          <small class="hint">They are kept with the session and shown in the conversation's history.</small>
        </label>
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? 'Resolving…' : 'Resolve'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
