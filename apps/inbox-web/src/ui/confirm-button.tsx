import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Dialog } from './dialog';
import { toastError } from './toast';

/**
 * A button for something that cannot be undone (revoke, delete, deactivate): it asks first, in
 * a real dialog that keyboard and screen-reader users can answer, and reports failure.
 */
export function ConfirmButton(props: { label: string; title: string; confirmLabel: string; children: ComponentChildren; onConfirm: () => Promise<void>; danger?: boolean; small?: boolean }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await props.onConfirm();
      setOpen(false);
    } catch (err) {
      toastError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class={`btn${props.small === false ? '' : ' btn-small'}${props.danger ? ' btn-danger' : ''}`} onClick={() => setOpen(true)}>
        {props.label}
      </button>
      {open && (
        <Dialog title={props.title} onClose={() => setOpen(false)}>
          <div class="stack">
            <div>{props.children}</div>
            <div class="dialog-actions">
              <button type="button" class="btn" onClick={() => setOpen(false)}>
                Cancel
              </button>
              <button type="button" class={`btn ${props.danger ? 'btn-danger' : 'btn-primary'}`} disabled={busy} onClick={() => void confirm()}>
                {props.confirmLabel}
              </button>
            </div>
          </div>
        </Dialog>
      )}
    </>
  );
}

/**
 * The usual destructive row action: one verb names the button, the dialog ("Revoke API key")
 * and the confirming button, so the user confirms exactly what they clicked.
 */
export function DangerButton(props: { verb: string; thing: string; onConfirm: () => Promise<void>; children: ComponentChildren }) {
  return (
    <ConfirmButton label={props.verb} title={`${props.verb} ${props.thing}`} confirmLabel={props.verb} danger onConfirm={props.onConfirm}>
      {props.children}
    </ConfirmButton>
  );
}
