import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { CurrentUser } from './api/types';
import { attentionCount, inbox } from './inbox/inbox-store';
import { useRoute } from './lib/router';
import { useStore } from './lib/store';
import type { RealtimeClient } from './realtime/socket-client';
import { isAdmin, logout } from './session/session-store';
import { Link } from './ui/link';

const BASE_TITLE = 'Parley';

/**
 * The badge in the tab title: how many conversations wait for attention (unread, in the queue
 * or mine). No sound and no notification permission, just something visible from another tab.
 */
function useTitleBadge(section: string) {
  const count = useStore(inbox, attentionCount);
  useEffect(() => {
    document.title = `${count ? `(${count}) ` : ''}${section} · ${BASE_TITLE}`;
  }, [count, section]);
}

function ConnectionStatus({ rt }: { rt: RealtimeClient }) {
  const state = useStore(rt.state, (s) => s.connection);
  const label = state === 'online' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  return (
    <span class={`connection connection-${state}`} role="status" data-connection={state}>
      <span class="presence-dot" aria-hidden="true" />
      {label}
    </span>
  );
}

export function Shell({ user, rt, orgName, children }: { user: CurrentUser; rt: RealtimeClient; orgName: string; children: ComponentChildren }) {
  const { path } = useRoute();
  const section = path.startsWith('/console') ? 'Console' : 'Inbox';
  const attention = useStore(inbox, attentionCount);
  useTitleBadge(section);
  const link = (href: string, label: string, current: boolean, badge?: number) => (
    <Link href={href} class="nav-link" aria-current={current ? 'page' : undefined}>
      {label}
      {badge ? (
        <span class="badge" aria-label={`${badge} need attention`}>
          {badge}
        </span>
      ) : null}
    </Link>
  );
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <span class="brand">
          <span class="brand-mark" aria-hidden="true" /> Parley <span class="org muted">{orgName}</span>
        </span>
        <nav class="topnav" aria-label="Sections">
          {link('/inbox/unassigned', 'Inbox', section === 'Inbox', attention)}
          {isAdmin(user) && link('/console/analytics', 'Console', section === 'Console')}
        </nav>
        <ConnectionStatus rt={rt} />
        <span class="me">
          {user.display_name} <span class="muted">({user.role})</span>
        </span>
        <button type="button" class="btn btn-small" onClick={() => void logout()}>
          Sign out
        </button>
      </header>
      <div class="shell-body">{children}</div>
    </div>
  );
}
