export type SubmitProps = { label: string; busy: boolean; busyLabel?: string; disabled?: boolean };

/**
 * The primary submit button. Disabled while the request runs, so a double click cannot send the
 * form twice; `busyLabel` says that something is happening when the wait is noticeable.
 */
export function SubmitButton({ label, busy, busyLabel, disabled }: SubmitProps) {
  return (
    <button type="submit" class="btn btn-primary" disabled={busy || disabled}>
      {busy && busyLabel ? busyLabel : label}
    </button>
  );
}

/** The submit button on a row of its own under a stacked form's fields (not stretched to the form's width). */
export function SubmitRow(props: SubmitProps) {
  return (
    <div>
      <SubmitButton {...props} />
    </div>
  );
}
