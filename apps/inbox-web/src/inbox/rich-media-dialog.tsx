import { useState } from 'preact/hooks';
import type { ContentType } from '../api/types';
import { safeUrl } from '../lib/format';
import { FormDialog } from '../ui/form-dialog';
import type { Draft } from './outbox';

type RichType = Exclude<ContentType, 'text'>;
type Pair = { label: string; value: string };
type Card = { title: string; subtitle: string; image_url: string; buttons: Pair[] };

const TITLES: Record<RichType, string> = {
  quick_button: 'Send quick buttons',
  carousel: 'Send a carousel',
  dropdown: 'Send a dropdown',
  image: 'Send an image link',
  file: 'Send a file link',
};

/** Label/value rows; the value defaults to the label, which is what most people want. */
function PairsEditor({ legend, pairs, max, onChange }: { legend: string; pairs: Pair[]; max: number; onChange: (p: Pair[]) => void }) {
  const set = (i: number, patch: Partial<Pair>) => onChange(pairs.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <fieldset class="pairs">
      <legend>{legend}</legend>
      {pairs.map((p, i) => (
        <div class="pair" key={i}>
          <input aria-label={`${legend} ${i + 1} label`} placeholder="Label" value={p.label} maxLength={100} onInput={(e) => set(i, { label: e.currentTarget.value })} />
          <input aria-label={`${legend} ${i + 1} value`} placeholder="Value (defaults to the label)" value={p.value} maxLength={200} onInput={(e) => set(i, { value: e.currentTarget.value })} />
          <button type="button" class="btn btn-icon" aria-label={`Remove ${legend.toLowerCase()} ${i + 1}`} disabled={pairs.length === 1} onClick={() => onChange(pairs.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" class="btn btn-small" disabled={pairs.length >= max} onClick={() => onChange([...pairs, { label: '', value: '' }])}>
        Add
      </button>
    </fieldset>
  );
}

const cleanPairs = (pairs: Pair[]) => pairs.filter((p) => p.label.trim()).map((p) => ({ label: p.label.trim(), value: p.value.trim() || p.label.trim() }));

/** Builds one rich message of the reference's types, checks it like the server would, and sends it. */
export function RichMediaDialog({ type, onClose, onSend }: { type: RichType; onClose: () => void; onSend: (draft: Draft) => void }) {
  const [content, setContent] = useState('');
  const [pairs, setPairs] = useState<Pair[]>([{ label: '', value: '' }, { label: '', value: '' }]);
  const [placeholder, setPlaceholder] = useState('');
  const [url, setUrl] = useState('');
  const [alt, setAlt] = useState('');
  const [file, setFile] = useState({ filename: '', size: '', mime_type: '' });
  const [cards, setCards] = useState<Card[]>([{ title: '', subtitle: '', image_url: '', buttons: [{ label: '', value: '' }] }]);
  const [error, setError] = useState<string | null>(null);

  const build = (): Draft | string => {
    const caption = content.trim();
    if (type === 'quick_button' || type === 'dropdown') {
      const items = cleanPairs(pairs);
      if (items.length === 0) return 'Add at least one choice with a label.';
      return type === 'quick_button'
        ? { content: caption, content_type: type, rich_media: { buttons: items } }
        : { content: caption, content_type: type, rich_media: { options: items, ...(placeholder.trim() ? { placeholder: placeholder.trim() } : {}) } };
    }
    if (type === 'image' || type === 'file') {
      if (!safeUrl(url.trim())) return 'Enter a full http:// or https:// link.';
      if (type === 'image') return { content: caption, content_type: type, rich_media: { url: url.trim(), ...(alt.trim() ? { alt: alt.trim() } : {}) } };
      const size = Number(file.size);
      if (!file.filename.trim() || !file.mime_type.trim() || !Number.isInteger(size) || size < 0) return 'A file needs a name, a size in bytes and a type (e.g. application/pdf).';
      return { content: caption || file.filename.trim(), content_type: type, rich_media: { url: url.trim(), filename: file.filename.trim(), size, mime_type: file.mime_type.trim() } };
    }
    const built = cards
      .filter((c) => c.title.trim())
      .map((c) => ({
        title: c.title.trim(),
        ...(c.subtitle.trim() ? { subtitle: c.subtitle.trim() } : {}),
        ...(c.image_url.trim() ? { image_url: c.image_url.trim() } : {}),
        ...(cleanPairs(c.buttons).length ? { buttons: cleanPairs(c.buttons) } : {}),
      }));
    if (built.length === 0) return 'Give at least one card a title.';
    if (built.some((c) => 'image_url' in c && !safeUrl(c.image_url))) return 'Card images need a full http:// or https:// link.';
    return { content: caption, content_type: 'carousel', rich_media: { cards: built } };
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const draft = build();
    if (typeof draft === 'string') return setError(draft);
    onSend(draft);
  };

  const setCard = (i: number, patch: Partial<Card>) => setCards(cards.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  // Never busy: building the draft is synchronous, and the composer does the sending.
  return (
    <FormDialog title={TITLES[type]} onClose={onClose} wide={type === 'carousel'} onSubmit={submit} error={error} label="Send" busy={false}>
      <label class="field">
        <span>{type === 'image' || type === 'file' ? 'Caption (optional)' : 'Text shown above (optional)'}</span>
        <input value={content} maxLength={8000} onInput={(e) => setContent(e.currentTarget.value)} />
      </label>
      {(type === 'quick_button' || type === 'dropdown') && (
        <PairsEditor legend={type === 'quick_button' ? 'Button' : 'Option'} pairs={pairs} max={type === 'quick_button' ? 10 : 50} onChange={setPairs} />
      )}
      {type === 'dropdown' && (
        <label class="field">
          <span>Placeholder (optional)</span>
          <input value={placeholder} maxLength={100} onInput={(e) => setPlaceholder(e.currentTarget.value)} />
        </label>
      )}
      {(type === 'image' || type === 'file') && (
        <label class="field">
          <span>Link</span>
          <input type="url" required value={url} placeholder="https://…" onInput={(e) => setUrl(e.currentTarget.value)} />
        </label>
      )}
      {type === 'image' && (
        <label class="field">
          <span>Description for screen readers (alt text)</span>
          <input value={alt} maxLength={300} onInput={(e) => setAlt(e.currentTarget.value)} />
        </label>
      )}
      {type === 'file' && (
        <div class="grid-3">
          <label class="field">
            <span>File name</span>
            <input value={file.filename} onInput={(e) => setFile({ ...file, filename: e.currentTarget.value })} />
          </label>
          <label class="field">
            <span>Size (bytes)</span>
            <input inputMode="numeric" value={file.size} onInput={(e) => setFile({ ...file, size: e.currentTarget.value })} />
          </label>
          <label class="field">
            <span>Type</span>
            <input value={file.mime_type} placeholder="application/pdf" onInput={(e) => setFile({ ...file, mime_type: e.currentTarget.value })} />
          </label>
        </div>
      )}
      {type === 'carousel' &&
        cards.map((card, i) => (
          <fieldset class="card-editor" key={i}>
            <legend>Card {i + 1}</legend>
            <div class="grid-3">
              <label class="field">
                <span>Title</span>
                <input value={card.title} onInput={(e) => setCard(i, { title: e.currentTarget.value })} />
              </label>
              <label class="field">
                <span>Subtitle</span>
                <input value={card.subtitle} onInput={(e) => setCard(i, { subtitle: e.currentTarget.value })} />
              </label>
              <label class="field">
                <span>Image link</span>
                <input type="url" value={card.image_url} onInput={(e) => setCard(i, { image_url: e.currentTarget.value })} />
              </label>
            </div>
            <PairsEditor legend={`Card ${i + 1} button`} pairs={card.buttons} max={5} onChange={(buttons) => setCard(i, { buttons })} />
            <button type="button" class="btn btn-small btn-quiet" disabled={cards.length === 1} onClick={() => setCards(cards.filter((_, j) => j !== i))}>
              Remove card {i + 1}
            </button>
          </fieldset>
        ))}
      {type === 'carousel' && (
        <button type="button" class="btn btn-small" disabled={cards.length >= 10} onClick={() => setCards([...cards, { title: '', subtitle: '', image_url: '', buttons: [{ label: '', value: '' }] }])}>
          Add a card
        </button>
      )}
    </FormDialog>
  );
}
