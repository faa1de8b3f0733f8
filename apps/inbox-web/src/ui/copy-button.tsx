import { useState } from 'preact/hooks';

/** Copies text to the clipboard and says so (for a screen reader too). */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  };
  return (
    <button type="button" class="btn btn-small" onClick={copy} aria-live="polite">
      {copied ? 'Copied' : label}
    </button>
  );
}

/** A secret shown exactly once, with the warning that goes with it. */
export function OnceSecret({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div class="once-secret">
      <p class="once-secret-warning" role="note">
        {note ?? 'Copy it now: it is shown only this once. Parley keeps only a hash.'}
      </p>
      <label class="field">
        <span>{label}</span>
        <div class="copy-row">
          <input class="mono" readOnly aria-label={label} value={value} onFocus={(e) => e.currentTarget.select()} />
          <CopyButton text={value} />
        </div>
      </label>
    </div>
  );
}
