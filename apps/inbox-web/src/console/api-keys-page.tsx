import { useState } from 'preact/hooks';
import { consoleApi } from '../api/console-api';
import { API_KEY_SCOPE_LABELS, type CreatedApiKey } from '../api/types';
import { formatDateTime } from '../lib/format';
import { DangerButton } from '../ui/confirm-button';
import { OnceSecret } from '../ui/copy-button';
import { CreatedPanel } from '../ui/created-panel';
import { Field, FormError, useSubmit } from '../ui/form';
import { SubmitRow } from '../ui/form-actions';
import { ResourceTable } from '../ui/table';
import { useResource } from '../ui/use-resource';
import { PageHeader, StatusChip } from './page-header';

/** Company → API Keys: keys for your servers, each with only the scopes it needs; shown once. */
export function ApiKeysPage() {
  const keys = useResource(() => consoleApi.apiKeys.list(), []);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const { busy, error, onSubmit, setError } = useSubmit(async (form, el) => {
    const scopes = form.getAll('scopes').map(String);
    if (!scopes.length) return setError('Pick at least one scope.');
    const expires = String(form.get('expires_at') ?? '');
    const key = await consoleApi.apiKeys.create({ name: String(form.get('name') ?? '').trim(), scopes, ...(expires ? { expires_at: new Date(`${expires}T23:59:59Z`).toISOString() } : {}) });
    setCreated(key);
    el.reset();
    keys.reload();
  });
  return (
    <section class="page" aria-labelledby="keys-title">
      <PageHeader id="keys-title" title="API Keys" lead="For your servers: the integration API (/v1/conversations) and webhooks management." />
      {created && (
        <CreatedPanel id="key-created-title" title={<>API key “{created.name}” created</>} onDone={() => setCreated(null)}>
          <OnceSecret label="API key" value={created.key} />
        </CreatedPanel>
      )}
      <form id="api-key-form" class="panel stack" onSubmit={onSubmit} aria-labelledby="new-key-title">
        <h2 id="new-key-title">Create an API key</h2>
        <FormError error={error} />
        <div class="grid-2">
          <Field label="Name">
            <input name="name" required maxLength={100} placeholder="CRM sync" />
          </Field>
          <Field label="Expires (optional)">
            <input name="expires_at" type="date" />
          </Field>
        </div>
        <fieldset class="checks">
          <legend>Scopes</legend>
          {Object.entries(API_KEY_SCOPE_LABELS).map(([scope, label]) => (
            <label key={scope} class="check">
              <input type="checkbox" name="scopes" value={scope} /> <code>{scope}</code> <span class="muted">{label}</span>
            </label>
          ))}
        </fieldset>
        <SubmitRow label="Create key" busy={busy} />
      </form>
      <ResourceTable resource={keys} rows={(d) => d.api_keys} emptyTitle="No API keys yet" label="API keys" columns={['Name', 'Key', 'Scopes', 'Last used', 'Expires', 'Status']} actions>
        {(k) => (
          <tr key={k.id}>
            <th scope="row">{k.name}</th>
            <td>
              <code>
                {k.prefix}…{k.last_four}
              </code>
            </td>
            <td>{k.scopes.join(', ')}</td>
            <td>{formatDateTime(k.last_used_at)}</td>
            <td>{formatDateTime(k.expires_at)}</td>
            <td>
              <StatusChip revoked={k.revoked_at !== null} />
            </td>
            <td>
              {!k.revoked_at && (
                <DangerButton verb="Revoke" thing="API key" onConfirm={async () => (await consoleApi.apiKeys.revoke(k.id), keys.reload())}>
                  Revoke “{k.name}”? Servers using it are refused from their next request.
                </DangerButton>
              )}
            </td>
          </tr>
        )}
      </ResourceTable>
    </section>
  );
}
