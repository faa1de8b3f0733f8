import { useState } from 'preact/hooks';
import { consoleApi } from '../api/console-api';
import type { WebhookDeliveryView } from '../api/types';
import { formatDateTime } from '../lib/format';
import { Dialog } from '../ui/dialog';
import { ResourceView } from '../ui/resource-view';
import { DataTable, ResourceTable } from '../ui/table';
import { toast, toastError } from '../ui/toast';
import { useResource } from '../ui/use-resource';
import { Breadcrumb, PageHeader } from './page-header';

function DeliveryDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const detail = useResource(() => consoleApi.webhooks.delivery(id), [id]);
  return (
    <Dialog title="Delivery" onClose={onClose} wide>
      <ResourceView resource={detail}>
        {(data) => (
          <div class="stack">
            <DataTable columns={['Attempt', 'At', 'Status', 'Time', 'Error']}>
              {data.attempt_log.map((a) => (
                <tr key={a.attempt}>
                  <td>{a.attempt}</td>
                  <td>{formatDateTime(a.at)}</td>
                  <td>{a.status_code ?? '—'}</td>
                  <td>{a.response_ms} ms</td>
                  <td>{a.error ?? ''}</td>
                </tr>
              ))}
            </DataTable>
            <h3>Body sent</h3>
            <pre class="code-block">{JSON.stringify(data.payload, null, 2)}</pre>
          </div>
        )}
      </ResourceView>
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
      toastError,
    );
  return (
    <section class="page" aria-labelledby="deliveries-title">
      <Breadcrumb href="/console/webhooks" label="Webhooks" />
      <PageHeader id="deliveries-title" title="Delivery log">
        <button type="button" class="btn btn-small" onClick={deliveries.reload}>
          Refresh
        </button>
      </PageHeader>
      <ResourceTable resource={deliveries} rows={(d) => d.deliveries} emptyTitle="No deliveries yet" emptyHint="They appear here as events happen." label="Deliveries" columns={['Event', 'Created', 'Status', 'Attempts', 'Last answer']} actions>
        {(d) => (
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
        )}
      </ResourceTable>
      {open && <DeliveryDialog id={open} onClose={() => setOpen(null)} />}
    </section>
  );
}
