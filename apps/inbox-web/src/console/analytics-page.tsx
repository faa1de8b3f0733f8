import { useState } from 'preact/hooks';
import { consoleApi } from '../api/console-api';
import type { ActivityDay } from '../api/types';
import { formatCount, formatDuration } from '../lib/format';
import { ResourceView } from '../ui/resource-view';
import { TableHead } from '../ui/table';
import { useResource } from '../ui/use-resource';
import { BarChart, LineChart } from './charts';

const RANGES = [7, 30, 90] as const;
const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function Totals({ days }: { days: ActivityDay[] }) {
  const sum = (pick: (d: ActivityDay) => number) => days.reduce((n, d) => n + pick(d), 0);
  const medians = days.map((d) => d.median_first_response_s).filter((v): v is number => v !== null);
  const stats: [string, string][] = [
    ['Messages', formatCount(sum((d) => d.messages.end_user + d.messages.agent + d.messages.bot))],
    ['Conversations opened', formatCount(sum((d) => d.conversations_opened))],
    ['Resolved', formatCount(sum((d) => d.conversations_resolved))],
    ['Typical first response', formatDuration(median(medians))],
  ];
  return (
    <dl class="stat-cards">
      {stats.map(([label, value]) => (
        <div class="stat-card" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The numbers behind the charts, for those who would rather read (and for screen readers). */
function ActivityTable({ days }: { days: ActivityDay[] }) {
  return (
    <details class="data-table-toggle">
      <summary>Show the numbers as a table</summary>
      <table class="table">
        <TableHead columns={['Day', 'Visitor messages', 'Agent messages', 'Bot messages', 'Opened', 'Resolved', 'Median first response']} />
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <th scope="row">{d.day}</th>
              <td>{d.messages.end_user}</td>
              <td>{d.messages.agent}</td>
              <td>{d.messages.bot}</td>
              <td>{d.conversations_opened}</td>
              <td>{d.conversations_resolved}</td>
              <td>{formatDuration(d.median_first_response_s)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** Usage and activity as charts: messages per day, conversations opened and resolved, response times, monthly usage. */
export function AnalyticsPage() {
  const [range, setRange] = useState<(typeof RANGES)[number]>(30);
  const activity = useResource(() => consoleApi.insights.activity(isoDay(Date.now() - (range - 1) * DAY_MS), isoDay(Date.now())), [range]);
  const usage = useResource(() => consoleApi.insights.usage(), []);
  return (
    <section class="page" aria-labelledby="analytics-title">
      <header class="page-header">
        <h1 id="analytics-title">Analytics</h1>
        <div class="segmented" role="group" aria-label="Time range">
          {RANGES.map((r) => (
            <button key={r} type="button" class="btn btn-small" aria-pressed={range === r} onClick={() => setRange(r)}>
              Last {r} days
            </button>
          ))}
        </div>
      </header>
      <ResourceView resource={activity} loadingLabel="Loading activity…">
        {({ days }) => {
          const x = days.map((d) => d.day);
          return (
            <>
              <Totals days={days} />
              <div class="charts">
                <LineChart
                  title="Messages per day"
                  days={x}
                  stacked
                  series={[
                    { label: 'Visitors', color: '#1f6f54', values: days.map((d) => d.messages.end_user) },
                    { label: 'Agents', color: '#2f5fb3', values: days.map((d) => d.messages.agent) },
                    { label: 'Bot', color: '#b5651d', values: days.map((d) => d.messages.bot) },
                  ]}
                />
                <LineChart
                  title="Conversations opened and resolved"
                  days={x}
                  series={[
                    { label: 'Opened', color: '#2f5fb3', values: days.map((d) => d.conversations_opened) },
                    { label: 'Resolved', color: '#1f6f54', values: days.map((d) => d.conversations_resolved), dashed: true },
                  ]}
                />
                <LineChart
                  title="First response time (agents)"
                  days={x}
                  unit="duration"
                  series={[
                    { label: 'Median', color: '#7b3fa0', values: days.map((d) => d.median_first_response_s) },
                    { label: '90th percentile', color: '#c0392b', values: days.map((d) => d.p90_first_response_s), dashed: true },
                  ]}
                />
              </div>
              <ActivityTable days={days} />
            </>
          );
        }}
      </ResourceView>
      <ResourceView resource={usage} loadingLabel="Loading usage…">
        {({ months }) => (
          <div class="charts">
            <BarChart title="Metered messages per month" labels={months.map((m) => m.period)} color="#1f6f54" values={months.map((m) => m.text_message)} />
          </div>
        )}
      </ResourceView>
    </section>
  );
}
