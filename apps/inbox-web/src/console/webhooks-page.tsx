import { useState } from 'preact/hooks';
import { consoleApi } from '../api/console-api';
import { WEBHOOK_EVENTS, type WebhookEndpointWithSecret } from '../api/types';
import { DangerButton } from '../ui/confirm-button';
import { OnceSecret } from '../ui/copy-button';
import { CreatedPanel } from '../ui/created-panel';
import { Field, FormError, useSubmit } from '../ui/form';
import { SubmitRow } from '../ui/form-actions';
import { ResourceTable } from '../ui/table';
import { Link } from '../ui/link';
import { toastError } from '../ui/toast';
import { useResource } from '../ui/use-resource';
import { PageHeader } from './page-header';

/** Webhook endpoints: signed HTTP calls to your servers on conversation and lead events. */
export function WebhooksPage() {
  const endpoints = useResource(() => consoleApi.webhooks.list(), []);
  const [secret, setSecret] = useState<WebhookEndpointWithSecret | null>(null);
  const { busy, error, onSubmit, setError } = useSubmit(async (form, el) => {
    const event_types = form.getAll('event_types').map(String);
    if (!event_types.length) return setError('Pick at least one event.');
    setSecret(await consoleApi.webhooks.create({ url: String(form.get('url') ?? '').trim(), event_types, description: String(form.get('description') ?? '') }));
    el.reset();
    endpoints.reload();
  });
  const act = (p: Promise<unknown>) => p.then(endpoints.reload, toastError);
  return (
    <section class="page" aria-labelledby="webhooks-title">
      <PageHeader id="webhooks-title" title="Webhooks" lead="Parley signs every delivery (Standard Webhooks) and retries for about a day." />
      {secret && (
        <CreatedPanel id="wh-secret-title" title={<>Signing secret for {secret.url}</>} onDone={() => setSecret(null)}>
          <OnceSecret label="Signing secret" value={secret.secret} note="Your receiver needs it to check signatures. It is shown only this once." />
        </CreatedPanel>
      )}
      <form id="webhook-form" class="panel stack" onSubmit={onSubmit} aria-labelledby="new-webhook-title">
        <h2 id="new-webhook-title">Add an endpoint</h2>
        <FormError error={error} />
        <div class="grid-2">
          <Field label="URL">
            <input name="url" type="url" required placeholder="https://example.com/parley-hook" />
          </Field>
          <Field label="Description">
            <input name="description" maxLength={500} />
          </Field>
        </div>
        <fieldset class="checks">
          <legend>Events</legend>
          {WEBHOOK_EVENTS.map((e) => (
            <label key={e} class="check">
              <input type="checkbox" name="event_types" value={e} defaultChecked={e === 'message.created'} /> <code>{e}</code>
            </label>
          ))}
        </fieldset>
        <SubmitRow label="Add endpoint" busy={busy} />
      </form>
      <ResourceTable resource={endpoints} rows={(d) => d.endpoints} emptyTitle="No webhook endpoints" label="Webhook endpoints" columns={['URL', 'Events', 'Status']} actions>
        {(w) => (
          <tr key={w.id}>
            <th scope="row">
              <Link href={`/console/webhooks/${w.id}`}>{w.url}</Link>
              {w.description && <div class="muted">{w.description}</div>}
            </th>
            <td>{w.event_types.join(', ')}</td>
            <td>
              {w.enabled ? <span class="chip chip-open">Enabled</span> : <span class="chip chip-resolved">Disabled{w.disabled_reason ? `: ${w.disabled_reason}` : ''}</span>}
              {w.consecutive_failures > 0 && <div class="muted">{w.consecutive_failures} failures in a row</div>}
            </td>
            <td class="row-actions">
              <Link class="btn btn-small" href={`/console/webhooks/${w.id}`}>
                Delivery log
              </Link>
              <button type="button" class="btn btn-small" onClick={() => void act(consoleApi.webhooks.update(w.id, { enabled: !w.enabled }))}>
                {w.enabled ? 'Disable' : 'Enable'}
              </button>
              <button type="button" class="btn btn-small" onClick={() => consoleApi.webhooks.rotateSecret(w.id).then(setSecret, toastError)}>
                New secret
              </button>
              <DangerButton verb="Delete" thing="endpoint" onConfirm={async () => (await consoleApi.webhooks.remove(w.id), endpoints.reload())}>
                Delete the endpoint {w.url}? Its deliveries stop at once.
              </DangerButton>
            </td>
          </tr>
        )}
      </ResourceTable>
    </section>
  );
}
