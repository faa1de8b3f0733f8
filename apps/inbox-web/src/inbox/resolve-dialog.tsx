import { useState } from 'preact/hooks';
import { describeError, Field } from '../ui/form';
import { FormDialog } from '../ui/form-dialog';
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
    <FormDialog title="Resolve conversation" onClose={onClose} onSubmit={submit} error={error} label="Resolve" busyLabel="Resolving…" busy={busy}>
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
      <Field label="Tags (comma-separated, optional)" hint="They are kept with the session and shown in the conversation's history.">
        <input name="tags" autoFocus value={text} placeholder="billing, shipping" onInput={(e) => setText(e.currentTarget.value)} />
      </Field>
    </FormDialog>
  );
}
