// The load generator of the real-time benchmarks, in a process of its own: it holds every
// client socket (visitors and agents), so a message's latency is read on one clock, from the
// visitor's emit to the agent's `message_received`. Driven over IPC (see rpc-child.ts).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { multiCpuBetween, multiCpuSnapshot, type MultiCpuShare, type MultiCpuSnapshot, type NamedPid } from './process-cpu';
import { serveRpc } from './rpc-child';

export type Protocol = 'socketio' | 'ws';

export interface SocketSpec {
  url: string;
  headers: Record<string, string>;
  /** Socket.IO handshake `auth` (the widget token). */
  auth?: Record<string, unknown>;
}

export interface VisitorSpec extends SocketSpec {
  conversationId: string;
  org: string;
}

export interface AgentSpec extends SocketSpec {
  org: string;
  /** Claimed (Socket.IO: `claim_conversation`) or joined (ws baseline) before the run. */
  conversations: string[];
}

export interface LatencyJob {
  protocol: Protocol;
  visitors: VisitorSpec[];
  agents: AgentSpec[];
  /** Messages per second over all visitors, sent round-robin: visitor i sends every visitors/rate s. */
  rate: number;
  warmupMs: number;
  /**
   * Before the measured window, wait until every warm-up message has been acked and has reached
   * its agent (each visitor's first message joins its room: a one-time storm, not the steady
   * state). How long that took is reported as `warmupDrainMs`.
   */
  settleWarmup?: boolean;
  durationMs: number;
  /** A message the agent has not received this long after it was sent counts as lost. */
  lateMs: number;
  /** After the last send, how long to wait for outstanding acks and deliveries. */
  drainMs: number;
  ackTimeoutMs: number;
  connectConcurrency: number;
  /** Processes whose CPU is reported over the measured window. */
  pids: NamedPid[];
}

export interface LatencyResult {
  setupMs: number;
  /** Messages sent in the measured window, and what became of them. */
  measured: {
    sent: number;
    achievedRate: number;
    sendLagP99Ms: number;
    acked: number;
    latenciesMs: number[];
    ackLatenciesMs: number[];
    /** Delivery latency by the second of the window the message was sent in: where a tail comes from. */
    perSecond: { second: number; sent: number; p50Ms: number; p99Ms: number; maxMs: number }[];
  };
  /** Over every message of the run, warm-up included. */
  all: {
    sent: number;
    acked: number;
    ackErrors: Record<string, number>;
    /** No ack by the end (timed out or never answered). */
    unacked: number;
    /** Acked, but not received by the agent within lateMs of the send. */
    lateOrLost: number;
    /** Acked, and never received by the end of the drain. */
    neverReceived: number;
    /** Messages the agent received more than once (same id). */
    duplicated: number;
    /** Deliveries whose seq was not above the previous one the agent had in that conversation. */
    outOfOrder: number;
    /** Seq numbers skipped in an agent's stream of a conversation. */
    seqGaps: number;
    /** Received by the agent but never acked to the visitor. */
    receivedUnacked: number;
  };
  updatesReceived: number;
  disconnects: number;
  clientLoopDelay: { p50Ms: number; p99Ms: number; maxMs: number };
  cpu: MultiCpuShare;
  /** The measured window on CLOCK_MONOTONIC, µs (the clock of V8's CPU profiles), to cut a profile to it. */
  windowUs: [number, number];
  /** With `settleWarmup`: from the last warm-up send until the warm-up had all arrived. */
  warmupDrainMs: number | null;
}

interface AckPayload {
  ok: boolean;
  data?: { id: string; seq: number };
  error?: { code: string; message: string };
}

/** One client connection, whichever protocol. */
interface Conn {
  call(event: string, data: unknown, timeoutMs: number): Promise<AckPayload>;
  on(event: string, handler: (data: any) => void): void;
  onClose(handler: () => void): void;
  close(): void;
}

function socketIoConn(spec: SocketSpec): Promise<Conn> {
  const socket: Socket = io(spec.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: spec.headers,
    auth: spec.auth ?? {},
  });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (err) => {
      socket.close();
      reject(new Error(`connect_error: ${err.message} ${JSON.stringify((err as Error & { data?: unknown }).data ?? '')}`));
    });
    socket.once('connect', () =>
      resolve({
        call: (event, data, timeoutMs) => socket.timeout(timeoutMs).emitWithAck(event, data) as Promise<AckPayload>,
        on: (event, handler) => void socket.on(event, handler),
        onClose: (handler) => void socket.on('disconnect', handler),
        close: () => void socket.disconnect(),
      }),
    );
  });
}

function wsConn(spec: SocketSpec): Promise<Conn> {
  const ws = new WebSocket(spec.url, { headers: spec.headers, perMessageDeflate: false });
  const handlers = new Map<string, (data: unknown) => void>();
  const acks = new Map<number, (p: AckPayload) => void>();
  let nextAck = 1;
  ws.on('message', (raw) => {
    const frame = JSON.parse(String(raw)) as { event: string; data: any; ack?: number };
    if (frame.event === 'ack') {
      const resolve = acks.get(frame.ack!);
      acks.delete(frame.ack!);
      resolve?.(frame.data as AckPayload);
      return;
    }
    handlers.get(frame.event)?.(frame.data);
  });
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        call: (event, data, timeoutMs) =>
          new Promise((res, rej) => {
            const ack = nextAck++;
            const timer = setTimeout(() => {
              acks.delete(ack);
              rej(new Error('operation has timed out'));
            }, timeoutMs);
            acks.set(ack, (p) => {
              clearTimeout(timer);
              res(p);
            });
            ws.send(JSON.stringify({ event, data, ack }));
          }),
        on: (event, handler) => void handlers.set(event, handler),
        onClose: (handler) => void ws.on('close', handler),
        close: () => ws.close(),
      }),
    );
  });
}

const connect = (protocol: Protocol, spec: SocketSpec) => (protocol === 'socketio' ? socketIoConn(spec) : wsConn(spec));

/** Runs `fn` over `items` with at most `limit` in flight; the first failure rejects. */
async function pooled<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

const open: Conn[] = [];

async function runLatency(job: LatencyJob): Promise<LatencyResult> {
  const setupStart = performance.now();
  const agents = await pooled(job.agents, job.connectConcurrency, async (spec) => connect(job.protocol, spec));
  open.push(...agents);
  // Agents first take their conversations: the inbox joins the org queue and claims each one.
  await Promise.all(
    agents.map(async (agent, i) => {
      const spec = job.agents[i]!;
      if (job.protocol === 'ws') {
        const answer = await agent.call('join', { org: spec.org, conversations: spec.conversations }, 30_000);
        if (!answer.ok) throw new Error(`join refused: ${JSON.stringify(answer)}`);
        return;
      }
      const queued = await agent.call('join_queue', {}, 30_000);
      if (!queued.ok) throw new Error(`join_queue refused: ${JSON.stringify(queued.error)}`);
      for (const conversationId of spec.conversations) {
        const claim = await agent.call('claim_conversation', { conversation_id: conversationId }, 30_000);
        if (!claim.ok) throw new Error(`claim_conversation refused: ${JSON.stringify(claim.error)}`);
      }
    }),
  );
  const visitors = await pooled(job.visitors, job.connectConcurrency, async (spec) => connect(job.protocol, spec));
  open.push(...visitors);
  const setupMs = performance.now() - setupStart;

  const interval = 1000 / job.rate;
  const total = Math.round((job.rate * (job.warmupMs + job.durationMs)) / 1000);
  const measureFrom = Math.round((job.rate * job.warmupMs) / 1000);
  const sentAt = new Float64Array(total).fill(NaN);
  const ackAt = new Float64Array(total).fill(NaN);
  const recvAt = new Float64Array(total).fill(NaN);
  const recvCount = new Uint16Array(total);
  const ackIds: (string | undefined)[] = new Array(total);
  const ackErrors: Record<string, number> = {};
  const lastSeq = new Map<string, number>();
  let outOfOrder = 0;
  let seqGaps = 0;
  let updatesReceived = 0;
  let disconnects = 0;
  let running = true;

  for (const agent of agents) {
    agent.on('message_received', (m: { content: string; seq: number; conversation_id: string; sender_type: string }) => {
      const now = performance.now();
      if (m.sender_type !== 'end_user') return;
      const n = Number(/^m(\d+) /.exec(m.content)?.[1] ?? -1);
      if (n < 0 || n >= total) return;
      if (recvCount[n]! === 0) recvAt[n] = now;
      recvCount[n]!++;
      const last = lastSeq.get(m.conversation_id);
      if (last !== undefined) {
        if (m.seq <= last) outOfOrder++;
        else seqGaps += m.seq - last - 1;
      }
      if (last === undefined || m.seq > last) lastSeq.set(m.conversation_id, m.seq);
    });
    agent.on('conversation_updated', () => void updatesReceived++);
  }
  for (const c of open) c.onClose(() => void (running && disconnects++));

  const send = (k: number) => {
    const v = k % visitors.length;
    const spec = job.visitors[v]!;
    const content = `m${k} from visitor ${v}: is the blue one still in stock?`;
    const data = job.protocol === 'socketio' ? { content, sender_type: 'end_user' } : { content, sender_type: 'end_user', conversation_id: spec.conversationId, org: spec.org };
    sentAt[k] = performance.now();
    visitors[v]!.call('send_message', data, job.ackTimeoutMs).then(
      (answer) => {
        if (answer.ok) {
          ackAt[k] = performance.now();
          ackIds[k] = answer.data!.id;
        } else {
          const code = answer.error?.code ?? 'unknown';
          ackErrors[code] = (ackErrors[code] ?? 0) + 1;
          ackAt[k] = -1;
        }
      },
      () => undefined, // timed out: stays NaN, counted as unacked
    );
  };

  const loop = monitorEventLoopDelay({ resolution: 5 });
  let cpuBefore: MultiCpuSnapshot | undefined;
  let cpuAfter: MultiCpuSnapshot | undefined;
  const lags: number[] = [];
  const windowUs: [number, number] = [0, 0];
  let start = performance.now();
  let warmupDrainMs: number | null = null;
  let warmupSentAt = 0;
  const warmupArrived = () => {
    for (let k = 0; k < measureFrom; k++) if (!(ackAt[k]! > 0 && recvCount[k]! > 0) && ackAt[k] !== -1) return false;
    return true;
  };
  await new Promise<void>((resolve) => {
    let k = 0;
    const tick = () => {
      if (job.settleWarmup && k === measureFrom && warmupDrainMs === null) {
        warmupSentAt ||= performance.now();
        if (!warmupArrived() && performance.now() - warmupSentAt < job.drainMs) return void setTimeout(tick, 5);
        warmupDrainMs = performance.now() - warmupSentAt;
        // The measured window keeps the rate from here, as if the pause had not been.
        start = performance.now() - k * interval;
      }
      const now = performance.now();
      // While the warm-up is to be settled, stop at its end even if more sends are due.
      const limit = job.settleWarmup && warmupDrainMs === null ? measureFrom : total;
      const due = Math.min(limit, Math.floor((now - start) / interval) + 1);
      for (; k < due; k++) {
        if (k === measureFrom) {
          windowUs[0] = Number(process.hrtime.bigint() / 1000n);
          cpuBefore = multiCpuSnapshot(job.pids);
          loop.enable();
        }
        if (k >= measureFrom) lags.push(performance.now() - (start + k * interval));
        send(k);
      }
      if (k < total) return void setTimeout(tick, 1);
      cpuAfter = multiCpuSnapshot(job.pids);
      windowUs[1] = Number(process.hrtime.bigint() / 1000n);
      loop.disable();
      resolve();
    };
    tick();
  });
  const lastSend = performance.now();

  // Drain: every ack settled and every acked message received, or the drain time is up.
  const settled = () => {
    for (let k = 0; k < total; k++) {
      if (Number.isNaN(ackAt[k]!) && performance.now() - sentAt[k]! < job.ackTimeoutMs) return false;
      if (ackAt[k]! > 0 && recvCount[k] === 0) return false;
    }
    return true;
  };
  while (!settled() && performance.now() - lastSend < job.drainMs) await new Promise((r) => setTimeout(r, 100));
  // A short grace for any second copy still on its way.
  await new Promise((r) => setTimeout(r, 500));
  running = false;

  const latenciesMs: number[] = [];
  const ackLatenciesMs: number[] = [];
  let measuredAcked = 0;
  for (let k = measureFrom; k < total; k++) {
    if (ackAt[k]! > 0) {
      measuredAcked++;
      ackLatenciesMs.push(ackAt[k]! - sentAt[k]!);
    }
    if (recvCount[k]! > 0) latenciesMs.push(recvAt[k]! - sentAt[k]!);
  }
  let acked = 0;
  let lateOrLost = 0;
  let neverReceived = 0;
  let duplicated = 0;
  let receivedUnacked = 0;
  for (let k = 0; k < total; k++) {
    const ok = ackAt[k]! > 0;
    if (ok) acked++;
    if (recvCount[k]! > 1) duplicated++;
    if (ok && (recvCount[k] === 0 || recvAt[k]! - sentAt[k]! > job.lateMs)) lateOrLost++;
    if (ok && recvCount[k] === 0) neverReceived++;
    if (!ok && recvCount[k]! > 0) receivedUnacked++;
  }
  const measuredCount = total - measureFrom;
  const window = (sentAt[total - 1]! - sentAt[measureFrom]!) / 1000;
  const bySecond = new Map<number, number[]>();
  for (let k = measureFrom; k < total; k++) {
    if (recvCount[k]! === 0) continue;
    const second = Math.floor((sentAt[k]! - sentAt[measureFrom]!) / 1000);
    let list = bySecond.get(second);
    if (!list) bySecond.set(second, (list = []));
    list.push(recvAt[k]! - sentAt[k]!);
  }
  const perSecond = [...bySecond.entries()]
    .sort(([a], [b]) => a - b)
    .map(([second, list]) => {
      list.sort((a, b) => a - b);
      const at = (q: number) => list[Math.min(list.length - 1, Math.ceil(q * list.length) - 1)]!;
      return { second, sent: list.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: list[list.length - 1]! };
    });
  const sortedLags = lags.sort((a, b) => a - b);
  const erroredAcks = Object.values(ackErrors).reduce((a, b) => a + b, 0);
  return {
    setupMs,
    measured: {
      sent: measuredCount,
      achievedRate: (measuredCount - 1) / window,
      sendLagP99Ms: sortedLags[Math.ceil(0.99 * sortedLags.length) - 1] ?? NaN,
      acked: measuredAcked,
      latenciesMs,
      ackLatenciesMs,
      perSecond,
    },
    all: {
      sent: total,
      acked,
      ackErrors,
      unacked: total - acked - erroredAcks,
      lateOrLost,
      neverReceived,
      duplicated,
      outOfOrder,
      seqGaps,
      receivedUnacked,
    },
    updatesReceived,
    disconnects,
    clientLoopDelay: { p50Ms: loop.percentile(50) / 1e6, p99Ms: loop.percentile(99) / 1e6, maxMs: loop.max / 1e6 },
    cpu: multiCpuBetween(job.pids, cpuBefore!, cpuAfter!),
    windowUs,
    warmupDrainMs,
  };
}

export interface HoldJob {
  protocol: Protocol;
  spec: SocketSpec;
  count: number;
  concurrency: number;
}

export interface HoldResult {
  connected: number;
  failed: number;
  failures: string[];
  ms: number;
}

/** Opens `count` idle connections and keeps them open until `release`. */
async function hold(job: HoldJob): Promise<HoldResult> {
  const started = performance.now();
  const failures: string[] = [];
  let failed = 0;
  closedSinceHold = 0;
  await pooled(Array.from({ length: job.count }), job.concurrency, async () => {
    try {
      const c = await connect(job.protocol, job.spec);
      open.push(c);
      c.onClose(() => void (releasing || closedSinceHold++));
    } catch (err) {
      failed++;
      if (failures.length < 5) failures.push((err as Error).message);
    }
  });
  return { connected: open.length, failed, failures, ms: performance.now() - started };
}
let closedSinceHold = 0;
let releasing = false;

async function release(): Promise<void> {
  releasing = true;
  for (const c of open.splice(0)) c.close();
  await new Promise((r) => setTimeout(r, 500));
  releasing = false;
}

serveRpc(
  {
    latency: (job: LatencyJob) => runLatency(job),
    hold: (job: HoldJob) => hold(job),
    /** Connections that closed since they were opened (the server dropped them). */
    closed: () => closedSinceHold,
    release: () => release(),
  },
  () => release(),
);
