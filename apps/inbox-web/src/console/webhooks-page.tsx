import { useState } from 'preact/hooks';
import { consoleApi } from '../api/console-api';
import { WEBHOOK_EVENTS, type WebhookEndpointWithSecret } from '../api/types';
import { onLinkClick } from '../lib/router';
import { ConfirmButton } from '../ui/confirm-button';
import { OnceSecret } from '../ui/copy-button';
import { describeError, Field, FormError, useSubmit } from '../ui/form';
import { ResourceView } from '../ui/resource-view';
import { toast } from '../ui/toast';
import { useResource } from '../ui/use-resource';
import { PageHeader } from './page-header';

/** Webhook endpoints: signed HTTP calls to your servers on conversation and lead events. */
export function WebhooksPage() {
  const endpoints = useResource(() => consoleApi.webhooks.list(), []);
  const [secret, setSecret] = useState<WebhookEndpointWithSecret | null>(null);
  const { busy, error, onSubmit, setError } = useSubmit(async (form) => {
    const event_types = form.getAll('event_types').map(String);
    if (!event_types.length) return setError('Pick at least one event.');
    setSecret(await consoleApi.webhooks.create({ url: String(form.get('url') ?? '').trim(), event_types, description: String(form.get('description') ?? '') }));
    (document.getElementById('webhook-form') as HTMLFormElement | null)?.reset();
    endpoints.reload();
  });
  const act = (p: Promise<unknown>) => p.then(endpoints.reload, (err) => toast(describeError(err).message, 'error'));
  return (
    <section class="page" aria-labelledby="webhooks-title">
      <PageHeader id="webhooks-title" title="Webhooks" lead="Parley signs every delivery (Standard Webhooks) and retries for about a day." />
      {secret && (
        <section class="panel panel-success" aria-labelledby="wh-secret-title">
          <h2 id="wh-secret-title">Signing secret for {secret.url}</h2>
          <OnceSecret label="Signing secret" value={secret.secret} note="Your receiver needs it to check signatures. It is shown only this once." />
          <button type="button" class="btn btn-small" onClick={() => setSecret(null)}>
            Done
          </button>
        </section>
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
        <div>
          <button type="submit" class="btn btn-primary" disabled={busy}>
            Add endpoint
          </button>
        </div>
      </form>
      <ResourceView resource={endpoints} isEmpty={(d) => d.endpoints.length === 0} emptyTitle="No webhook endpoints">
        {({ endpoints: list }) => (
          <table class="table" aria-label="Webhook endpoints">
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((w) => (
                <tr key={w.id}>
                  <th scope="row">
                    <a href={`/console/webhooks/${w.id}`} onClick={(e) => onLinkClick(e, `/console/webhooks/${w.id}`)}>
                      {w.url}
                    </a>
                    {w.description && <div class="muted">{w.description}</div>}
                  </th>
                  <td>{w.event_types.join(', ')}</td>
                  <td>
                    {w.enabled ? <span class="chip chip-open">Enabled</span> : <span class="chip chip-resolved">Disabled{w.disabled_reason ? `: ${w.disabled_reason}` : ''}</span>}
                    {w.consecutive_failures > 0 && <div class="muted">{w.consecutive_failures} failures in a row</div>}
                  </td>
                  <td class="row-actions">
                    <a class="btn btn-small" href={`/console/webhooks/${w.id}`} onClick={(e) => onLinkClick(e, `/console/webhooks/${w.id}`)}>
                      Delivery log
                    </a>
                    <button type="button" class="btn btn-small" onClick={() => void act(consoleApi.webhooks.update(w.id, { enabled: !w.enabled }))}>
                      {w.enabled ? 'Disable' : 'Enable'}
                    </button>
                    <button type="button" class="btn btn-small" onClick={() => consoleApi.webhooks.rotateSecret(w.id).then(setSecret, (err) => toast(describeError(err).message, 'error'))}>
                      New secret
                    </button>
                    <ConfirmButton label="Delete" title="Delete endpoint" confirmLabel="Delete" danger onConfirm={async () => (await consoleApi.webhooks.remove(w.id), endpoints.reload())}>
                      Delete the endpoint {w.url}? Its deliveries stop at once.
                    </ConfirmButton>
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
