import { useState } from 'preact/hooks';
import { consoleApi } from '../api/console-api';
import type { AppWithSecret } from '../api/types';
import { formatDateTime } from '../lib/format';
import { ConfirmButton } from '../ui/confirm-button';
import { CopyButton, OnceSecret } from '../ui/copy-button';
import { Field, FormError, useSubmit } from '../ui/form';
import { ResourceView } from '../ui/resource-view';
import { toast } from '../ui/toast';
import { useResource } from '../ui/use-resource';
import { PageHeader, StatusChip } from './page-header';

function SecretShown({ app, onDone }: { app: AppWithSecret; onDone: () => void }) {
  return (
    <section class="panel panel-success" aria-labelledby="app-secret-title">
      <h2 id="app-secret-title">Client secret for “{app.name}”</h2>
      <p>
        Client id <code>{app.client_id}</code> <CopyButton text={app.client_id} label="Copy id" />
      </p>
      {app.client_secret && <OnceSecret label={`Client secret (kid ${app.client_secret_kid ?? ''})`} value={app.client_secret} note="Store it on your server now: it is shown only this once and never belongs in a browser." />}
      <button type="button" class="btn btn-small" onClick={onDone}>
        Done
      </button>
    </section>
  );
}

/** Registered apps: your backends that vouch for signed-in users (the JWT identity flow). */
export function AppsPage() {
  const apps = useResource(() => consoleApi.apps.list(), []);
  const [shown, setShown] = useState<AppWithSecret | null>(null);
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    setShown(await consoleApi.apps.create({ name: String(form.get('name') ?? '').trim() }));
    (document.getElementById('app-form') as HTMLFormElement | null)?.reset();
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
        <button type="submit" class="btn btn-primary" disabled={busy}>
          Register app
        </button>
      </form>
      <ResourceView resource={apps} isEmpty={(d) => d.apps.length === 0} emptyTitle="No registered apps">
        {({ apps: list }) => (
          <table class="table" aria-label="Registered apps">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Client id</th>
                <th scope="col">Keys (kid, algorithm, fingerprint)</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((a) => (
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
                        <ConfirmButton label="Revoke" title="Revoke app" confirmLabel="Revoke" danger onConfirm={async () => (await consoleApi.apps.revoke(a.id), apps.reload())}>
                          Revoke “{a.name}”? Every assertion it signs is refused from now on.
                        </ConfirmButton>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ResourceView>
    </section>
  );
}
