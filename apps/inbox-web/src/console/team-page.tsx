import { useState } from 'preact/hooks';
import { consoleApi } from '../api/console-api';
import type { MemberView, UserRole } from '../api/types';
import { formatDateTime } from '../lib/format';
import { useStore } from '../lib/store';
import { session } from '../session/session-store';
import { ConfirmButton } from '../ui/confirm-button';
import { Dialog } from '../ui/dialog';
import { describeError, Field, FormError, useSubmit } from '../ui/form';
import { ResourceView } from '../ui/resource-view';
import { toast } from '../ui/toast';
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
    <Dialog title="Add a team member" onClose={onClose}>
      <form class="stack" onSubmit={onSubmit}>
        <FormError error={error} />
        <Field label="E-mail">
          <input name="email" type="email" required autoFocus />
        </Field>
        <Field label="Name">
          <input name="display_name" maxLength={100} />
        </Field>
        <Field label="Role">
          <select name="role" defaultValue="agent">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </Field>
        <Field label="First password" hint="At least 10 characters. They can change it after signing in.">
          <input name="password" type="password" required autocomplete="new-password" />
        </Field>
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy}>
            Add member
          </button>
        </div>
      </form>
    </Dialog>
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
      toast(describeError(err).message, 'error');
    }
  };
  return (
    <section class="page" aria-labelledby="team-title">
      <PageHeader id="team-title" title="Team" lead="Who answers conversations, and who may change settings.">
        <button type="button" class="btn btn-primary" onClick={() => setAdding(true)}>
          Add member
        </button>
      </PageHeader>
      <ResourceView resource={members} isEmpty={(d) => d.members.length === 0} emptyTitle="No members">
        {({ members: list }) => (
          <table class="table" aria-label="Team members">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((m) => (
                <tr key={m.id} class={m.active ? '' : 'muted'}>
                  <th scope="row">
                    {m.display_name}
                    {m.id === meId && <span class="muted"> (you)</span>}
                  </th>
                  <td>{m.email}</td>
                  <td>
                    <select aria-label={`Role of ${m.display_name}`} value={m.role} disabled={m.id === meId || !m.active} onChange={(e) => void update(m, { role: e.currentTarget.value })}>
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{formatDateTime(m.last_login_at)}</td>
                  <td>{m.active ? 'Active' : `Deactivated ${formatDateTime(m.deactivated_at)}`}</td>
                  <td>
                    {m.id !== meId &&
                      (m.active ? (
                        <ConfirmButton label="Deactivate" title="Deactivate member" confirmLabel="Deactivate" danger onConfirm={() => update(m, { active: false })}>
                          Deactivate {m.display_name}? They are signed out at once and their open conversations go back to Unassigned.
                        </ConfirmButton>
                      ) : (
                        <button type="button" class="btn btn-small" onClick={() => void update(m, { active: true })}>
                          Reactivate
                        </button>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ResourceView>
      {adding && <AddMemberDialog onClose={() => setAdding(false)} onAdded={members.reload} />}
    </section>
  );
}
