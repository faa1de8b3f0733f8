import { readFileSync } from 'node:fs';
import { TICKS_PER_S, cpuBetween, cpuSnapshot, processTicks, type CpuSnapshot } from './cpu-meter';

export interface NamedPid {
  label: string;
  pid: number;
}

export interface MultiCpuSnapshot {
  base: CpuSnapshot;
  ticks: (number | null)[];
}

/** CPU of several named processes besides what cpu-meter already counts (this process, Postgres, Redis, the machine). */
export function multiCpuSnapshot(pids: readonly NamedPid[]): MultiCpuSnapshot {
  return { base: cpuSnapshot(), ticks: pids.map((p) => processTicks(p.pid)) };
}

export interface MultiCpuShare {
  /** Percent of one core, per named process. */
  processes: { label: string; pct: number | null }[];
  /** Percent of one core for the process that took the snapshots. */
  selfPct: number;
  postgresPct: number;
  redisPct: number;
  /** Percent of all cores. */
  machinePct: number | null;
  /** Percent of all cores taken by the host (steal). */
  stealPct: number | null;
}

export function multiCpuBetween(pids: readonly NamedPid[], a: MultiCpuSnapshot, b: MultiCpuSnapshot): MultiCpuShare {
  const shared = cpuBetween(a.base, b.base);
  const seconds = (b.base.at - a.base.at) / 1000;
  return {
    processes: pids.map((p, i) => {
      const before = a.ticks[i];
      const after = b.ticks[i];
      return { label: p.label, pct: before == null || after == null ? null : (100 * (after - before)) / TICKS_PER_S / seconds };
    }),
    selfPct: shared.clientPct,
    postgresPct: shared.postgresPct,
    redisPct: shared.redisPct,
    machinePct: shared.machinePct,
    stealPct: shared.stealPct,
  };
}

/** VmRSS of a process, in bytes, from /proc/<pid>/status. */
export function residentBytes(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) * 1024;
}

/** The 1-minute load average and the whole `uptime`-style line, for the report. */
export function machineLoad(): string {
  try {
    const [one, five, fifteen] = readFileSync('/proc/loadavg', 'utf8').split(' ');
    return `load average ${one}, ${five}, ${fifteen}`;
  } catch {
    return 'load average unknown';
  }
}
