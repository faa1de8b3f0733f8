import { useState } from 'preact/hooks';
import { consoleApi } from '../api/console-api';
import type { WebhookDeliveryView } from '../api/types';
import { formatDateTime } from '../lib/format';
import { onLinkClick } from '../lib/router';
import { Dialog } from '../ui/dialog';
import { describeError } from '../ui/form';
import { ResourceView } from '../ui/resource-view';
import { ErrorState, Loading } from '../ui/states';
import { toast } from '../ui/toast';
import { useResource } from '../ui/use-resource';
import { PageHeader } from './page-header';

function DeliveryDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const detail = useResource(() => consoleApi.webhooks.delivery(id), [id]);
  return (
    <Dialog title="Delivery" onClose={onClose} wide>
      {detail.error ? (
        <ErrorState message={detail.error} onRetry={detail.reload} />
      ) : !detail.data ? (
        <Loading />
      ) : (
        <div class="stack">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Attempt</th>
                <th scope="col">At</th>
                <th scope="col">Status</th>
                <th scope="col">Time</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {detail.data.attempt_log.map((a) => (
                <tr key={a.attempt}>
                  <td>{a.attempt}</td>
                  <td>{formatDateTime(a.at)}</td>
                  <td>{a.status_code ?? '—'}</td>
                  <td>{a.response_ms} ms</td>
                  <td>{a.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Body sent</h3>
          <pre class="code-block">{JSON.stringify(detail.data.payload, null, 2)}</pre>
        </div>
      )}
    </Dialog>
  );
}

/** One endpoint's delivery log, newest first, with each attempt and a redeliver button. */
export function WebhookDeliveriesPage({ id }: { id: string }) {
  const deliveries = useResource(() => consoleApi.webhooks.deliveries(id), [id]);
  const [open, setOpen] = useState<string | null>(null);
  const redeliver = (d: WebhookDeliveryView) =>
    consoleApi.webhooks.redeliver(d.id).then(
      () => (toast('Queued for delivery'), deliveries.reload()),
      (err) => toast(describeError(err).message, 'error'),
    );
  return (
    <section class="page" aria-labelledby="deliveries-title">
      <p class="breadcrumb">
        <a href="/console/webhooks" onClick={(e) => onLinkClick(e, '/console/webhooks')}>
          Webhooks
        </a>
      </p>
      <PageHeader id="deliveries-title" title="Delivery log">
        <button type="button" class="btn btn-small" onClick={deliveries.reload}>
          Refresh
        </button>
      </PageHeader>
      <ResourceView resource={deliveries} isEmpty={(d) => d.deliveries.length === 0} emptyTitle="No deliveries yet" emptyHint="They appear here as events happen.">
        {({ deliveries: list }) => (
          <table class="table" aria-label="Deliveries">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    <code>{d.event_type}</code>
                  </th>
                  <td>{formatDateTime(d.created_at)}</td>
                  <td>
                    <span class={`chip chip-${d.status === 'succeeded' ? 'open' : d.status === 'failed' ? 'warn' : 'held'}`}>{d.status}</span>
                  </td>
                  <td>{d.attempts}</td>
                  <td>{d.last_status_code ? `${d.last_status_code} in ${d.last_response_ms} ms` : (d.last_error ?? '—')}</td>
                  <td class="row-actions">
                    <button type="button" class="btn btn-small" onClick={() => setOpen(d.id)}>
                      Details
                    </button>
                    {d.status !== 'pending' && (
                      <button type="button" class="btn btn-small" onClick={() => void redeliver(d)}>
                        Redeliver
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ResourceView>
      {open && <DeliveryDialog id={open} onClose={() => setOpen(null)} />}
    </section>
  );
}
