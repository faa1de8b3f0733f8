import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports process times in clock ticks; USER_HZ is 100 on every mainstream kernel. */
export const TICKS_PER_S = 100;

export function processTicks(pid: number): number | null {
  try {
    // Fields after the `(comm)` part, which may itself contain spaces: utime and stime are 14 and 15.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** Ticks of every process with one of these names (comm), e.g. each Postgres backend, by pid. */
function namedTicks(names: readonly string[]): Map<string, { name: string; ticks: number }> {
  const out = new Map<string, { name: string; ticks: number }>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      const ticks = names.includes(name) ? processTicks(Number(pid)) : null;
      if (ticks !== null) out.set(pid, { name, ticks });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const SERVICES = ['postgres', 'redis-server'] as const;

function machineTicks(): { busy: number; steal: number; total: number } | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
    // idle + iowait are the only columns that are not work. Steal (column 8) is time the host
    // gave another guest while this VM wanted the CPU: counted as busy, and reported on its own.
    return { busy: total - cpu[3]! - (cpu[4] ?? 0), steal: cpu[7] ?? 0, total };
  } catch {
    return null;
  }
}

export interface CpuSnapshot {
  at: number;
  client: NodeJS.CpuUsage;
  server: number | null;
  machine: { busy: number; steal: number; total: number } | null;
  services: Map<string, { name: string; ticks: number }>;
}

export function cpuSnapshot(serverPid?: number): CpuSnapshot {
  return { at: performance.now(), client: process.cpuUsage(), server: serverPid ? processTicks(serverPid) : null, machine: machineTicks(), services: namedTicks(SERVICES) };
}

/** Percent of one core for the processes, percent of all cores for the machine. */
export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot) {
  const seconds = (b.at - a.at) / 1000;
  const clientS = (b.client.user - a.client.user + b.client.system - a.client.system) / 1e6;
  const serverS = a.server !== null && b.server !== null ? (b.server - a.server) / TICKS_PER_S : null;
  const machineShare = (pick: (m: { busy: number; steal: number }) => number) =>
    a.machine && b.machine && b.machine.total > a.machine.total ? (100 * (pick(b.machine) - pick(a.machine))) / (b.machine.total - a.machine.total) : null;
  const machine = machineShare((m) => m.busy);
  // Per pid: a process that started meanwhile counts from zero; one that exited is left out.
  const service = (name: string) => {
    let ticks = 0;
    for (const [pid, now] of b.services) if (now.name === name) ticks += now.ticks - (a.services.get(pid)?.ticks ?? 0);
    return (100 * ticks) / TICKS_PER_S / seconds;
  };
  return {
    clientPct: (100 * clientS) / seconds,
    serverPct: serverS === null ? null : (100 * serverS) / seconds,
    postgresPct: service('postgres'),
    redisPct: service('redis-server'),
    machinePct: machine,
    /** Percent of all cores the host took away (steal): a latency run with much of it is noise. */
    stealPct: machineShare((m) => m.steal),
  };
}
