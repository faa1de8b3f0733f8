import { useStore } from '../lib/store';

import { inbox } from './inbox-store';

/** Team presence: who is online right now, kept live by `agent_status_changed`. */
export function TeamPanel() {
  const team = useStore(inbox, (s) => s.team);
  const online = useStore(inbox, (s) => s.online);
  const meId = useStore(inbox, (s) => s.meId);
  const status = useStore(inbox, (s) => s.teamStatus);
  const members = Object.values(team).sort((a, b) => Number(!!online[b.id]) - Number(!!online[a.id]) || a.display_name.localeCompare(b.display_name));
  const count = members.filter((m) => online[m.id]).length;
  return (
    <section class="team" aria-labelledby="team-heading">
      <h2 id="team-heading">
        Team <span class="muted">{status === 'ready' ? `${count} online` : ''}</span>
      </h2>
      {status === 'error' && <p class="muted">Could not load the team.</p>}
      <ul class="team-list">
        {members.map((m) => (
          <li key={m.id} data-agent-id={m.id} data-online={online[m.id] ? 'true' : 'false'}>
            <span class={`presence-dot${online[m.id] ? ' online' : ''}`} aria-hidden="true" />
            {m.display_name}
            {m.id === meId && <span class="muted"> (you)</span>}
            <span class="sr-only">{online[m.id] ? ', online' : ', offline'}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
