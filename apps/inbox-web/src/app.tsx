import { useEffect, useState } from 'preact/hooks';
import { ConsolePage } from './console/console-page';
import { InboxPage } from './inbox/inbox-page';
import { bindInboxLive } from './inbox/inbox-live';
import { loadTeam } from './inbox/inbox-actions';
import { resetInbox } from './inbox/inbox-store';
import { INBOX_FILTERS, type CurrentUser, type InboxFilter } from './api/types';
import { matchPath, navigate, useRoute } from './lib/router';
import { useStore } from './lib/store';
import { closeRealtime, openRealtime } from './realtime/connection';
import type { RealtimeClient } from './realtime/socket-client';
import { LoginPage } from './session/login-page';
import { isAdmin, restoreSession, session } from './session/session-store';
import { Shell } from './shell';
import { Empty, Loading } from './ui/states';
import { Toasts } from './ui/toast';

/** Where a signed-out visitor of a deep link (a conversation, a console page) goes back to after signing in. */
let returnTo: string | null = null;

/** Routes of the signed-in app. */
function Routes({ user }: { user: CurrentUser }) {
  const { path } = useRoute();
  const inboxMatch = matchPath('/inbox/:filter?/:id?', path);
  useEffect(() => {
    if (path === '/login' && returnTo) navigate(returnTo, { replace: true });
    else if (path === '/' || path === '/login' || path === '/inbox') navigate('/inbox/unassigned', { replace: true });
    returnTo = null;
    if (path === '/console') navigate('/console/analytics', { replace: true });
  }, [path]);
  if (inboxMatch && (!inboxMatch.filter || INBOX_FILTERS.includes(inboxMatch.filter as InboxFilter))) {
    return <InboxPage filter={(inboxMatch.filter as InboxFilter) ?? 'unassigned'} conversationId={inboxMatch.id ?? null} />;
  }
  if (path.startsWith('/console/')) {
    return isAdmin(user) ? (
      <ConsolePage path={path} />
    ) : (
      <main id="main" class="page">
        <Empty title="The console is for admins">Ask an admin of your team to change your role if you need it.</Empty>
      </main>
    );
  }
  if (path === '/' || path === '/login' || path === '/inbox' || path === '/console') return <Loading />;
  return (
    <main id="main" class="page">
      <Empty title="Page not found">
        <a href="/inbox/unassigned">Go to the inbox</a>
      </Empty>
    </main>
  );
}

/** The signed-in app: one socket for its lifetime, wired to the inbox store. */
function SignedIn({ user, orgName }: { user: CurrentUser; orgName: string }) {
  const [rt, setRt] = useState<RealtimeClient | null>(null);
  useEffect(() => {
    resetInbox(user.id);
    const client = openRealtime();
    const unbind = bindInboxLive();
    void loadTeam();
    setRt(client);
    return () => {
      unbind();
      closeRealtime();
    };
  }, [user.id]);
  if (!rt) return <Loading />;
  return (
    <Shell user={user} rt={rt} orgName={orgName}>
      <Routes user={user} />
    </Shell>
  );
}

export function App() {
  const current = useStore(session, (s) => s.current);
  useEffect(() => void restoreSession(), []);
  useEffect(() => {
    // Signed out: the URL says so too, and the next sign-in starts from a clean inbox.
    if (current.status === 'signed-out' && location.pathname !== '/login') {
      if (location.pathname !== '/') returnTo = location.pathname + location.search;
      navigate('/login', { replace: true });
    }
  }, [current.status]);
  return (
    <>
      {current.status === 'checking' && <Loading label="Starting Parley…" />}
      {current.status === 'signed-out' && <LoginPage notice={current.notice} />}
      {current.status === 'signed-in' && <SignedIn key={current.user.id} user={current.user} orgName={current.organization.name} />}
      <Toasts />
    </>
  );
}
