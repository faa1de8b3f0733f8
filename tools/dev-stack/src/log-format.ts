import type { ServiceName } from '@parley/config';

const LEVEL_LABEL: Record<string, string> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO ', warn: 'WARN ', error: 'ERROR', fatal: 'FATAL' };
const COLORS: Record<ServiceName, number> = { 'auth-token': 35, 'widget-gateway': 36, conversation: 34, notification: 33 };
const LEVEL_COLORS: Record<string, number> = { warn: 33, error: 31, fatal: 31 };
// Fields every line has or that the compact form already shows.
const SHOWN = new Set(['level', 'time', 'service', 'msg', 'pid', 'hostname', 'reqId', 'requestId', 'req', 'res', 'responseTime', 'err']);

interface PinoLine {
  level?: string;
  time?: string;
  msg?: string;
  reqId?: string;
  requestId?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { message?: string; stack?: string };
  [key: string]: unknown;
}

const paint = (on: boolean, code: number, text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/**
 * Turns a service's pino JSON into one short line each, `12:00:01 conversation INFO  message`.
 * Fastify logs a request twice (arrival, completion); they are merged into one
 * `GET /path → 200 (3 ms)` line, which needs the arrival's method and URL remembered per request.
 */
export function createLogFormatter(service: ServiceName, opts: { color: boolean }): (line: string) => string | undefined {
  const pending = new Map<string, string>();
  const name = paint(opts.color, COLORS[service], service.padEnd(14));

  return (line) => {
    let entry: PinoLine;
    try {
      entry = JSON.parse(line) as PinoLine;
      if (typeof entry !== 'object' || entry === null) throw new Error('not an object');
    } catch {
      return `${name} ${line}`;
    }
    const id = entry.reqId ?? entry.requestId;
    if (entry.msg === 'incoming request' && id && entry.req) {
      if (pending.size > 1000) pending.clear();
      pending.set(id, `${entry.req.method ?? '?'} ${entry.req.url ?? '?'}`);
      return undefined;
    }
    let msg = entry.msg ?? '';
    if (entry.msg === 'request completed' && id) {
      const ms = typeof entry.responseTime === 'number' ? ` (${Math.round(entry.responseTime)} ms)` : '';
      msg = `${pending.get(id) ?? 'request'} → ${entry.res?.statusCode ?? '?'}${ms}`;
      pending.delete(id);
    }
    const level = entry.level ?? 'info';
    const time = (entry.time ?? new Date().toISOString()).slice(11, 19);
    const extras = Object.entries(entry).filter(([key]) => !SHOWN.has(key));
    const extraText = extras.length ? ` ${JSON.stringify(Object.fromEntries(extras)).slice(0, 300)}` : '';
    const err = entry.err ? `\n${entry.err.stack ?? entry.err.message ?? ''}` : '';
    const label = paint(opts.color && level in LEVEL_COLORS, LEVEL_COLORS[level] ?? 0, LEVEL_LABEL[level] ?? level);
    return `${time} ${name} ${label} ${msg}${extraText}${err}`;
  };
}
