import { createStore, useStore } from '../lib/store';
import { describeError } from './form';

interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

const toasts = createStore<{ list: Toast[] }>({ list: [] });
let nextId = 1;

/** A short message in the corner, announced to screen readers, gone after a few seconds. */
export function toast(text: string, tone: Toast['tone'] = 'info'): void {
  const id = nextId++;
  toasts.set((s) => ({ list: [...s.list, { id, text, tone }] }));
  setTimeout(() => toasts.set((s) => ({ list: s.list.filter((t) => t.id !== id) })), tone === 'error' ? 7000 : 4000);
}

/** A failed request as an error toast, in the server's words when it gave any. */
export const toastError = (err: unknown): void => toast(describeError(err).message, 'error');

export function Toasts() {
  const list = useStore(toasts, (s) => s.list);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {list.map((t) => (
        <div key={t.id} class={`toast toast-${t.tone}`}>
          {t.text}
        </div>
      ))}
    </div>
  );
}
