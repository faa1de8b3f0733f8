import { useState } from 'preact/hooks';
import { consoleApi } from '../api/console-api';
import type { ConsoleLeadView } from '../api/types';
import { formatDateTime } from '../lib/format';
import { withQuery } from '../lib/http';
import { describeError, Options } from '../ui/form';
import { ResourceView } from '../ui/resource-view';
import { DataTable } from '../ui/table';
import { useResource } from '../ui/use-resource';
import { PageHeader } from './page-header';

interface Filters {
  q: string;
  bot_id: string;
  from: string;
  to: string;
}

/** Dates from the form are whole days in UTC: "to" includes its day. */
const toQuery = (f: Filters) => ({
  q: f.q.trim() || undefined,
  bot_id: f.bot_id || undefined,
  from: f.from ? `${f.from}T00:00:00.000Z` : undefined,
  to: f.to ? new Date(Date.parse(`${f.to}T00:00:00.000Z`) + 86_400_000).toISOString() : undefined,
});

/** Leads the widgets captured, filtered, paged, and exported as CSV with the same filter. */
export function LeadsPage() {
  const [filters, setFilters] = useState<Filters>({ q: '', bot_id: '', from: '', to: '' });
  const [extra, setExtra] = useState<{ leads: ConsoleLeadView[]; cursor: string | null; error: string | null }>({ leads: [], cursor: null, error: null });
  const bots = useResource(() => consoleApi.bots.list(), []);
  const leads = useResource(async () => {
    const page = await consoleApi.leads.list({ ...toQuery(filters), limit: '50' });
    setExtra({ leads: [], cursor: page.next_cursor, error: null });
    return page;
  }, [JSON.stringify(filters)]);
  const botName = (id: string) => bots.data?.bots.find((b) => b.id === id)?.name ?? '—';
  const more = async () => {
    if (!extra.cursor) return;
    try {
      const page = await consoleApi.leads.list({ ...toQuery(filters), limit: '50', cursor: extra.cursor });
      setExtra({ leads: [...extra.leads, ...page.leads], cursor: page.next_cursor, error: null });
    } catch (err) {
      setExtra({ ...extra, error: describeError(err).message });
    }
  };
  const apply = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setFilters({ q: String(form.get('q') ?? ''), bot_id: String(form.get('bot_id') ?? ''), from: String(form.get('from') ?? ''), to: String(form.get('to') ?? '') });
  };
  const csv = withQuery('/api/console/leads/export.csv', toQuery(filters));
  return (
    <section class="page" aria-labelledby="leads-title">
      <PageHeader id="leads-title" title="Leads" lead="Contact details visitors left in the chat.">
        <a class="btn" href={csv} download>
          Export CSV
        </a>
      </PageHeader>
      <form class="panel filters-form" onSubmit={apply} aria-label="Filter leads">
        <label class="field">
          <span>Search</span>
          <input name="q" type="search" placeholder="Name or e-mail" defaultValue={filters.q} />
        </label>
        <label class="field">
          <span>Bot</span>
          <select name="bot_id" defaultValue={filters.bot_id}>
            <option value="">All bots</option>
            <Options items={bots.data?.bots ?? []} />
          </select>
        </label>
        <label class="field">
          <span>From</span>
          <input name="from" type="date" defaultValue={filters.from} />
        </label>
        <label class="field">
          <span>To</span>
          <input name="to" type="date" defaultValue={filters.to} />
        </label>
        <button type="submit" class="btn">
          Apply
        </button>
      </form>
      <ResourceView resource={leads} isEmpty={(d) => d.leads.length === 0} emptyTitle="No leads match" emptyHint="Leads appear when visitors leave their e-mail in the chat.">
        {(page) => (
          <>
            <DataTable label="Leads" columns={['E-mail', 'Name', 'Phone', 'Bot', 'Other fields', 'Captured']}>
              {[...page.leads, ...extra.leads].map((l) => (
                <tr key={l.id}>
                  <th scope="row">{l.email}</th>
                  <td>{l.name ?? '—'}</td>
                  <td>{l.phone ?? '—'}</td>
                  <td>{botName(l.bot_id)}</td>
                  <td>
                    {Object.entries(l.custom_fields)
                      .map(([k, v]) => `${k}: ${String(v)}`)
                      .join(', ') || '—'}
                  </td>
                  <td>{formatDateTime(l.created_at)}</td>
                </tr>
              ))}
            </DataTable>
            {extra.error && (
              <p class="form-error" role="alert">
                {extra.error}
              </p>
            )}
            {extra.cursor && (
              <button type="button" class="btn btn-quiet" onClick={() => void more()}>
                Load more
              </button>
            )}
          </>
        )}
      </ResourceView>
    </section>
  );
}
