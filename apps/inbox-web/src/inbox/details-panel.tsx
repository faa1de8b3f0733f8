import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { SessionView } from '../api/types';
import { formatDateTime } from '../lib/format';
import { useStore } from '../lib/store';
import { ErrorState, Loading } from '../ui/states';
import { toast } from '../ui/toast';
import { editTags, errorText, loadDetails } from './inbox-actions';
import { inbox, memberName } from './inbox-store';
import { displayName } from './message-text';
import { parseTags } from './resolve-dialog';

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function TagEditor({ conversationId, tags }: { conversationId: string; tags: string[] }) {
  const [text, setText] = useState('');
  const add = async (e: Event) => {
    e.preventDefault();
    const add = parseTags(text);
    if (!add.length) return;
    try {
      await editTags(conversationId, { add });
      setText('');
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };
  return (
    <div class="tag-editor">
      <ul class="chips" aria-label="Tags">
        {tags.map((t) => (
          <li key={t} class="chip chip-tag">
            {t}
            <button type="button" class="chip-remove" aria-label={`Remove tag ${t}`} onClick={() => void editTags(conversationId, { remove: [t] }).catch((err) => toast(errorText(err), 'error'))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form class="inline-form" onSubmit={add}>
        <input aria-label="Add tags" placeholder="Add a tag" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        <button type="submit" class="btn btn-small">
          Add
        </button>
      </form>
    </div>
  );
}

function SessionLine({ s }: { s: SessionView }) {
  const holder = useStore(inbox, (st) => memberName(st, s.assigned_agent_id));
  return (
    <li>
      <span>{formatDateTime(s.first_message_at)}</span>
      <span class="muted">
        {s.status === 'resolved' ? `resolved ${formatDateTime(s.resolved_at)}` : 'open'} · {s.assigned_agent_id ? holder : 'unassigned'}
      </span>
      {s.tags.length > 0 && <span>{s.tags.map((t) => <span key={t} class="chip chip-tag">{t}</span>)}</span>}
    </li>
  );
}

/** Who the visitor is (name, e-mail, verified, online, seen), this session, earlier ones, leads they left. */
export function DetailsPanel({ conversationId }: { conversationId: string }) {
  const entry = useStore(inbox, (s) => s.details[conversationId]);
  const holder = useStore(inbox, (s) => memberName(s, s.details[conversationId]?.data?.session?.assigned_agent_id));
  if (!entry || (entry.status === 'loading' && !entry.data)) return <Loading label="Loading details…" />;
  if (entry.status === 'error' || !entry.data) return <ErrorState message={entry.error ?? 'Could not load the details.'} onRetry={() => void loadDetails(conversationId)} />;
  const d = entry.data;
  const u = d.end_user;
  return (
    <div class="details">
      <section aria-labelledby="visitor-heading">
        <h2 id="visitor-heading">
          <span class={`presence-dot${u.online ? ' online' : ''}`} aria-hidden="true" />
          {displayName(u)}
        </h2>
        <p class="muted">{u.online ? 'Online now' : `Last seen ${formatDateTime(u.last_seen_at)}`}</p>
        <dl class="facts">
          <Row label="E-mail">{u.email ?? '—'}</Row>
          <Row label="Identity">{u.verified ? 'Verified by your site' : 'Anonymous visitor'}</Row>
          <Row label="Visitor id">
            <code>{u.external_id}</code>
          </Row>
          <Row label="First seen">{formatDateTime(u.created_at)}</Row>
          <Row label="Channel">
            {d.channel.name} ({d.channel.type})
          </Row>
          <Row label="Bot">{d.bot?.name ?? '—'}</Row>
        </dl>
      </section>
      <section aria-labelledby="session-heading">
        <h2 id="session-heading">This session</h2>
        {d.session ? (
          <>
            <dl class="facts">
              <Row label="Opened">{formatDateTime(d.session.first_message_at)}</Row>
              <Row label="Assigned">{d.session.assigned_agent_id ? `${holder}, ${formatDateTime(d.session.assigned_at)}` : 'Nobody yet'}</Row>
            </dl>
            <TagEditor conversationId={conversationId} tags={d.session.tags} />
          </>
        ) : (
          <p class="muted">Resolved. The visitor's next message opens a new session.</p>
        )}
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Earlier sessions ({Math.max(0, d.session_count - (d.session ? 1 : 0))})</h2>
        {d.previous_sessions.length ? (
          <ul class="session-list">
            {d.previous_sessions.map((s) => (
              <SessionLine key={s.id} s={s} />
            ))}
          </ul>
        ) : (
          <p class="muted">None.</p>
        )}
      </section>
      {d.leads.length > 0 && (
        <section aria-labelledby="leads-heading">
          <h2 id="leads-heading">Contact details left</h2>
          {d.leads.map((l) => (
            <dl class="facts" key={l.id}>
              <Row label="E-mail">{l.email}</Row>
              {l.name && <Row label="Name">{l.name}</Row>}
              {l.phone && <Row label="Phone">{l.phone}</Row>}
              {Object.entries(l.custom_fields).map(([k, v]) => (
                <Row key={k} label={k}>
                  {String(v)}
                </Row>
              ))}
            </dl>
          ))}
        </section>
      )}
    </div>
  );
}
