import { useState } from 'preact/hooks';
import { consoleApi } from '../api/console-api';
import type { MemberView, UserRole } from '../api/types';
import { formatDateTime } from '../lib/format';
import { useStore } from '../lib/store';
import { session } from '../session/session-store';
import { DangerButton } from '../ui/confirm-button';
import { Field, Options, useSubmit } from '../ui/form';
import { FormDialog } from '../ui/form-dialog';
import { ResourceTable } from '../ui/table';
import { toast, toastError } from '../ui/toast';
import { useResource } from '../ui/use-resource';
import { PageHeader } from './page-header';

const ROLES: UserRole[] = ['agent', 'admin', 'owner'];

function AddMemberDialog({ onClose, onAdded }: { onClose: () => void; onAdded: () => void }) {
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    await consoleApi.members.create({
      email: String(form.get('email') ?? '').trim(),
      display_name: String(form.get('display_name') ?? '').trim() || undefined,
      role: String(form.get('role')),
      password: String(form.get('password') ?? ''),
    });
    toast('Member added: share the first password with them privately');
    onAdded();
    onClose();
  });
  return (
    <FormDialog title="Add a team member" onClose={onClose} onSubmit={onSubmit} error={error} label="Add member" busy={busy}>
      <Field label="E-mail">
        <input name="email" type="email" required autoFocus />
      </Field>
      <Field label="Name">
        <input name="display_name" maxLength={100} />
      </Field>
      <Field label="Role">
        <select name="role" defaultValue="agent">
          <Options items={ROLES} />
        </select>
      </Field>
      <Field label="First password" hint="At least 10 characters. They can change it after signing in.">
        <input name="password" type="password" required autocomplete="new-password" />
      </Field>
    </FormDialog>
  );
}

/** Team members and roles: agents answer, admins also run the console, owners also manage owners. */
export function TeamPage() {
  const members = useResource(() => consoleApi.members.list(), []);
  const meId = useStore(session, (s) => (s.current.status === 'signed-in' ? s.current.user.id : ''));
  const [adding, setAdding] = useState(false);
  const update = async (m: MemberView, body: Record<string, unknown>) => {
    try {
      const saved = await consoleApi.members.update(m.id, body);
      members.set((d) => ({ members: (d?.members ?? []).map((x) => (x.id === saved.id ? saved : x)) }));
      toast('Saved');
    } catch (err) {
      toastError(err);
    }
  };
  return (
    <section class="page" aria-labelledby="team-title">
      <PageHeader id="team-title" title="Team" lead="Who answers conversations, and who may change settings.">
        <button type="button" class="btn btn-primary" onClick={() => setAdding(true)}>
          Add member
        </button>
      </PageHeader>
      <ResourceTable resource={members} rows={(d) => d.members} emptyTitle="No members" label="Team members" columns={['Name', 'E-mail', 'Role', 'Last sign-in', 'Status']} actions>
        {(m) => (
          <tr key={m.id} class={m.active ? '' : 'muted'}>
            <th scope="row">
              {m.display_name}
              {m.id === meId && <span class="muted"> (you)</span>}
            </th>
            <td>{m.email}</td>
            <td>
              <select aria-label={`Role of ${m.display_name}`} value={m.role} disabled={m.id === meId || !m.active} onChange={(e) => void update(m, { role: e.currentTarget.value })}>
                <Options items={ROLES} />
              </select>
            </td>
            <td>{formatDateTime(m.last_login_at)}</td>
            <td>{m.active ? 'Active' : `Deactivated ${formatDateTime(m.deactivated_at)}`}</td>
            <td>
              {m.id !== meId &&
                (m.active ? (
                  <DangerButton verb="Deactivate" thing="member" onConfirm={() => update(m, { active: false })}>
                    Deactivate {m.display_name}? They are signed out at once and their open conversations go back to Unassigned.
                  </DangerButton>
                ) : (
                  <button type="button" class="btn btn-small" onClick={() => void update(m, { active: true })}>
                    Reactivate
                  </button>
                ))}
            </td>
          </tr>
        )}
      </ResourceTable>
      {adding && <AddMemberDialog onClose={() => setAdding(false)} onAdded={members.reload} />}
    </section>
  );
}
