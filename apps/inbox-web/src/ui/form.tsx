import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../lib/http';

/** The server's explanation of a refused form, with the field it names (`body/name` → "name"). */
export function describeError(err: unknown): { message: string; field: string | null } {
  if (!(err instanceof ApiError)) return { message: 'Something went wrong. Try again.', field: null };
  const detail = err.details[0];
  const field = detail?.path.replace(/^body\/?/, '').split('/')[0] || null;
  return { message: detail && err.code === 'VALIDATION_FAILED' ? `${err.message}: ${detail.path.replace(/^body\//, '')} ${detail.message}` : err.message, field };
}

/**
 * Submit handling for console forms: busy state, and the error shown above the fields. The action
 * also gets the form element, taken before any await (`currentTarget` is gone by then), so it can
 * reset the fields after a successful create.
 */
export function useSubmit(action: (data: FormData, form: HTMLFormElement) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const form = event.currentTarget as HTMLFormElement;
      await action(new FormData(form), form);
    } catch (err) {
      setError(describeError(err).message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, onSubmit, setError };
}

export function FormError({ error }: { error: string | null }) {
  return error ? (
    <p class="form-error" role="alert">
      {error}
    </p>
  ) : null;
}

export function Field(props: { label: string; hint?: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      {props.children}
      {props.hint && <small class="hint">{props.hint}</small>}
    </label>
  );
}

/** One origin (or value) per line → a trimmed list without blanks. */
export const lines = (text: FormDataEntryValue | null) =>
  String(text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The `<option>`s of a select: plain values shown as they are, or records by id showing their name. */
export function Options({ items }: { items: readonly (string | { id: string; name: string })[] }) {
  return (
    <>
      {items.map((item) => {
        const [value, label] = typeof item === 'string' ? [item, item] : [item.id, item.name];
        return (
          <option key={value} value={value}>
            {label}
          </option>
        );
      })}
    </>
  );
}
