import type { ComponentChildren } from 'preact';

export function PageHeader({ id, title, children, lead }: { id: string; title: string; children?: ComponentChildren; lead?: ComponentChildren }) {
  return (
    <header class="page-header">
      <div>
        <h1 id={id}>{title}</h1>
        {lead && <p class="lead muted">{lead}</p>}
      </div>
      {children && <div class="page-actions">{children}</div>}
    </header>
  );
}

export function StatusChip({ revoked, label }: { revoked: boolean; label?: string }) {
  return <span class={`chip ${revoked ? 'chip-resolved' : 'chip-open'}`}>{revoked ? 'Revoked' : (label ?? 'Active')}</span>;
}
