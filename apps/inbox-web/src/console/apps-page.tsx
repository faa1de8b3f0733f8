import { useState } from 'preact/hooks';
import { consoleApi } from '../api/console-api';
import type { AppWithSecret } from '../api/types';
import { formatDateTime } from '../lib/format';
import { DangerButton } from '../ui/confirm-button';
import { CopyButton, OnceSecret } from '../ui/copy-button';
import { CreatedPanel } from '../ui/created-panel';
import { Field, FormError, useSubmit } from '../ui/form';
import { SubmitButton } from '../ui/form-actions';
import { ResourceTable } from '../ui/table';
import { toast } from '../ui/toast';
import { useResource } from '../ui/use-resource';
import { PageHeader, StatusChip } from './page-header';

function SecretShown({ app, onDone }: { app: AppWithSecret; onDone: () => void }) {
  return (
    <CreatedPanel id="app-secret-title" title={<>Client secret for “{app.name}”</>} onDone={onDone}>
      <p>
        Client id <code>{app.client_id}</code> <CopyButton text={app.client_id} label="Copy id" />
      </p>
      {app.client_secret && <OnceSecret label={`Client secret (kid ${app.client_secret_kid ?? ''})`} value={app.client_secret} note="Store it on your server now: it is shown only this once and never belongs in a browser." />}
    </CreatedPanel>
  );
}

/** Registered apps: your backends that vouch for signed-in users (the JWT identity flow). */
export function AppsPage() {
  const apps = useResource(() => consoleApi.apps.list(), []);
  const [shown, setShown] = useState<AppWithSecret | null>(null);
  const { busy, error, onSubmit } = useSubmit(async (form, el) => {
    setShown(await consoleApi.apps.create({ name: String(form.get('name') ?? '').trim() }));
    el.reset();
    apps.reload();
  });
  return (
    <section class="page" aria-labelledby="apps-title">
      <PageHeader id="apps-title" title="Registered apps" lead="Backends that sign identity assertions so a visitor is your logged-in user. Public keys are added through the API (see docs/identity.md)." />
      {shown && <SecretShown app={shown} onDone={() => setShown(null)} />}
      <form id="app-form" class="panel inline-form" onSubmit={onSubmit} aria-label="Register an app">
        <FormError error={error} />
        <Field label="App name">
          <input name="name" required maxLength={100} placeholder="Storefront backend" />
        </Field>
        <SubmitButton label="Register app" busy={busy} />
      </form>
      <ResourceTable resource={apps} rows={(d) => d.apps} emptyTitle="No registered apps" label="Registered apps" columns={['Name', 'Client id', 'Keys (kid, algorithm, fingerprint)', 'Created', 'Status']} actions>
        {(a) => (
          <tr key={a.id}>
            <th scope="row">{a.name}</th>
            <td>
              <code>{a.client_id}</code>
            </td>
            <td>
              <ul class="plain">
                {a.keys.map((k) => (
                  <li key={k.kid} class={k.revoked_at ? 'muted' : ''}>
                    <code>{k.kid}</code> {k.algorithm} <code>{k.fingerprint}</code>
                    {k.revoked_at ? ' (retired)' : ''}
                  </li>
                ))}
              </ul>
            </td>
            <td>{formatDateTime(a.created_at)}</td>
            <td>
              <StatusChip revoked={a.revoked_at !== null} />
            </td>
            <td class="row-actions">
              {!a.revoked_at && (
                <>
                  <button type="button" class="btn btn-small" onClick={() => consoleApi.apps.rotateSecret(a.id).then((r) => (setShown(r), apps.reload()), (e: Error) => toast(e.message, 'error'))}>
                    New secret
                  </button>
                  <DangerButton verb="Revoke" thing="app" onConfirm={async () => (await consoleApi.apps.revoke(a.id), apps.reload())}>
                    Revoke “{a.name}”? Every assertion it signs is refused from now on.
                  </DangerButton>
                </>
              )}
            </td>
          </tr>
        )}
      </ResourceTable>
    </section>
  );
}
