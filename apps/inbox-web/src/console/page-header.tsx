import type { ComponentChildren } from 'preact';
import { Link } from '../ui/link';

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

/** The way back from a detail page to its list. */
export function Breadcrumb({ href, label }: { href: string; label: string }) {
  return (
    <p class="breadcrumb">
      <Link href={href}>{label}</Link>
    </p>
  );
}

export function StatusChip({ revoked, label }: { revoked: boolean; label?: string }) {
  return <span class={`chip ${revoked ? 'chip-resolved' : 'chip-open'}`}>{revoked ? 'Revoked' : (label ?? 'Active')}</span>;
}
