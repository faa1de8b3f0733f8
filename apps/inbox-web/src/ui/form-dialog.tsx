import type { ComponentChildren } from 'preact';
import { Dialog } from './dialog';
import { FormError } from './form';
import { SubmitButton, type SubmitProps } from './form-actions';

/**
 * A form in a dialog: the error on top (announced), the fields, then Cancel (closes without
 * sending) and the submit button. `busy`, `error` and `onSubmit` usually come from `useSubmit`.
 */
export function FormDialog({ title, onClose, wide, onSubmit, error, children, ...submit }: SubmitProps & {
  title: string;
  onClose: () => void;
  wide?: boolean;
  onSubmit: (event: Event) => void;
  error: string | null;
  children: ComponentChildren;
}) {
  return (
    <Dialog title={title} onClose={onClose} wide={wide}>
      <form class="stack" onSubmit={onSubmit}>
        <FormError error={error} />
        {children}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <SubmitButton {...submit} />
        </div>
      </form>
    </Dialog>
  );
}
