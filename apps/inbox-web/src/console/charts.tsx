import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { formatCount, formatDuration, formatDurationShort } from '../lib/format';

export interface ChartSeries {
  label: string;
  color: string;
  values: (number | null)[];
  dashed?: boolean;
}

const HEIGHT = 220;
const dayTimestamp = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;
/** Points with a value other than zero: what "this chart shows data" means in tests and in the empty hint. */
const pointsWithData = (series: { values: (number | null)[] }[]) => series.reduce((n, s) => n + s.values.filter((v) => v !== null && v !== 0).length, 0);

/**
 * One uPlot chart that follows its container's width. uPlot draws on a canvas, which is fast
 * for a year of days and needs no inline styles (the CSP forbids them).
 */
function useChart(build: (width: number) => uPlot.Options, data: uPlot.AlignedData) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const chart = new uPlot(build(Math.max(280, el.clientWidth)), data, el);
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(280, el.clientWidth), height: HEIGHT }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
    // Rebuilt whenever the data changes; cheap at these sizes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [JSON.stringify(data)]);
  return host;
}

function Frame({ title, points, children }: { title: string; points: number; children: ComponentChildren }) {
  return (
    <figure class="chart" data-chart={title} data-points={points}>
      <figcaption>{title}</figcaption>
      {children}
      {points === 0 && <p class="chart-empty muted">No activity in this period yet.</p>}
    </figure>
  );
}

/** Running totals, bottom series first: what a stacked chart draws (the legend still shows each series' own values). */
function stack(series: ChartSeries[]): ChartSeries[] {
  const totals: (number | null)[] = series[0]?.values.map(() => 0) ?? [];
  return series.map((s) => ({ ...s, values: s.values.map((v, i) => (totals[i] = (totals[i] ?? 0) + (v ?? 0))) }));
}

/**
 * Lines over days (one value per UTC day per series); `duration` formats the axis as times.
 * `stacked` draws filled bands on top of each other, so equal series do not hide each other.
 */
export function LineChart({ title, days, series, unit = 'count', stacked = false }: { title: string; days: string[]; series: ChartSeries[]; unit?: 'count' | 'duration'; stacked?: boolean }) {
  const format = (v: number) => (unit === 'duration' ? formatDuration(v) : formatCount(v));
  // uPlot draws in order: the tallest band first, each lower one over it.
  const drawn = stacked ? stack(series).reverse() : series;
  const own = stacked ? [...series].reverse() : series;
  const host = useChart(
    (width) => ({
      width,
      height: HEIGHT,
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(unit === 'duration' ? 60 : 4, max * 1.1)] } },
      axes: [{}, { values: (_u, splits) => splits.map(unit === 'duration' ? formatDurationShort : formatCount), size: 56 }],
      series: [
        { label: 'Day', value: '{YYYY}-{MM}-{DD}' },
        ...drawn.map((s, n) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          ...(stacked ? { fill: `${s.color}40` } : {}),
          ...(s.dashed ? { dash: [6, 4] } : {}),
          value: (_u: uPlot, v: number | null, _series: number, i: number | null) => {
            const shown = i === null ? v : (own[n]!.values[i] ?? null);
            return shown === null || shown === undefined ? '—' : format(shown);
          },
          // Days without a value are gaps, not zeros: their neighbours show as dots.
          points: unit === 'duration' ? { show: true, size: 6, fill: s.color } : { size: 5 },
        })),
      ],
    }),
    [days.map(dayTimestamp), ...drawn.map((s) => s.values)],
  );
  return (
    <Frame title={title} points={pointsWithData(series)}>
      <div ref={host} class="chart-canvas" role="img" aria-label={`${title}: ${series.map((s) => `${s.label} ${s.values.reduce<number>((n, v) => n + (v ?? 0), 0)}`).join(', ')}`} />
    </Frame>
  );
}

/** Bars over named categories (months). */
export function BarChart({ title, labels, values, color }: { title: string; labels: string[]; values: number[]; color: string }) {
  const host = useChart(
    (width) => ({
      width,
      height: HEIGHT,
      scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(4, max * 1.1)] } },
      axes: [{ values: (_u, splits) => splits.map((i) => labels[i] ?? ''), space: 40 }, { values: (_u, splits) => splits.map(formatCount) }],
      series: [
        { label: 'Month', value: (_u, i) => labels[i] ?? '' },
        { label: title, stroke: color, fill: `${color}cc`, width: 1, paths: uPlot.paths.bars!({ size: [0.6, 48] }), points: { show: false } },
      ],
    }),
    [labels.map((_, i) => i), values],
  );
  return (
    <Frame title={title} points={pointsWithData([{ values }])}>
      <div ref={host} class="chart-canvas" role="img" aria-label={`${title}: ${labels.map((l, i) => `${l} ${values[i]}`).join(', ')}`} />
    </Frame>
  );
}
