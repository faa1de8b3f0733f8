/**
 * What the bench process asks its client process to do, and what comes back. The client runs in
 * a child process so that generating load never shares an event loop with the server measured.
 */

/** Fixed-duration load over keep-alive connections, each request from a new client address. */
export interface ThroughputJob {
  kind: 'throughput';
  port: number;
  path: string;
  headers: Record<string, string>;
  /** JSON bodies, sent in turn. */
  bodies: string[];
  connections: number;
  warmupMs: number;
  durationMs: number;
  /**
   * The first request's X-Forwarded-For, as a number (10.0.0.0 + n); each request takes the next
   * one, so per-address rate limits see one request per simulated visitor.
   */
  firstAddress: number;
  /** The server's pid, to report its CPU use over the measured window. */
  serverPid: number;
}

export interface CpuShare {
  /** Percent of one core used by the client process. */
  clientPct: number;
  /** Percent of one core used by the server process; null where /proc is missing. */
  serverPct: number | null;
  /** Percent of one core used by all Postgres processes together, and by Redis. */
  postgresPct: number;
  redisPct: number;
  /** Percent of all cores busy (every process: servers, Postgres, Redis, the client). */
  machinePct: number | null;
  /** Percent of all cores the host took away (steal): a run with much of it is noise. */
  stealPct: number | null;
}

export interface ThroughputResult {
  /** Responses completed inside the measured window. */
  requests: number;
  seconds: number;
  latenciesMs: number[];
  /** Status codes after warm-up ("socket-error" for failed requests), late responses included. */
  statuses: Record<string, number>;
  warmupStatuses: Record<string, number>;
  cpu: CpuShare;
}

/** One request of a first-token run; `expectText` must appear in the streamed answer. */
export interface StreamRequest {
  headers: Record<string, string>;
  /** `{round}` is replaced by the round number, so the provider can tell which turn asks. */
  body: string;
  expectText: string;
}

export interface StreamTarget {
  label: string;
  port: number;
  path: string;
  /** `widget-sse`: our `event: token` stream; `openai`: Chat Completions `data:` chunks. */
  protocol: 'widget-sse' | 'openai';
  /** Used in turn, so turns spread over several conversations. */
  requests: StreamRequest[];
}

/** Sequential turns: every round sends one request to each target, one after the other. */
export interface FirstTokenJob {
  kind: 'first-token';
  targets: StreamTarget[];
  warmupRounds: number;
  rounds: number;
}

export interface FirstTokenSamples {
  label: string;
  /** From sending the request to the first non-empty content delta, per measured turn. */
  firstTokenMs: number[];
  /** From sending the request to the end of the response. */
  totalMs: number[];
  /** From sending to the first widget event (`message`: the visitor message stored, the reply queued). */
  messageMs: number[];
  /** When each measured turn was sent: process.hrtime (CLOCK_MONOTONIC, shared by all processes), ns. */
  sentAtNs: string[];
  rounds: number[];
  failures: number;
  /** A few failure descriptions, for the report. */
  failureExamples: string[];
}

export interface FirstTokenResult {
  targets: FirstTokenSamples[];
}

export type ClientJob = ThroughputJob | FirstTokenJob;
