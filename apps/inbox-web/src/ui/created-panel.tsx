import type { ComponentChildren } from 'preact';

/**
 * The panel that shows what was just created, usually a secret shown only once; it stays until
 * the user says Done, so it cannot vanish before they copied the secret. `actions` go on one row
 * with Done. `data-*` attributes pass through to the panel (tests find it by them).
 */
export function CreatedPanel(props: { id: string; title: ComponentChildren; onDone: () => void; actions?: ComponentChildren; children: ComponentChildren; [data: `data-${string}`]: unknown }) {
  const { id, title, onDone, actions, children, ...attrs } = props;
  const done = (
    <button type="button" class="btn btn-small" onClick={onDone}>
      Done
    </button>
  );
  return (
    <section class="panel panel-success" aria-labelledby={id} {...attrs}>
      <h2 id={id}>{title}</h2>
      {children}
      {actions ? (
        <div class="row-actions">
          {actions}
          {done}
        </div>
      ) : (
        done
      )}
    </section>
  );
}
