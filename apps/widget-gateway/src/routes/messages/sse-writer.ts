import type { FastifyReply } from 'fastify';

/**
 * Writes Server-Sent Events on a hijacked reply. Headers set earlier on the reply (CORS, request
 * id, rate-limit) are carried over, since Fastify no longer sends them once hijacked.
 */
export class SseWriter {
  private heartbeat: NodeJS.Timeout | undefined;
  private ended = false;
  /** Events written before `open()` (a fast first delta) wait here instead of racing the headers. */
  private pending: string[] | undefined = [];

  constructor(private readonly reply: FastifyReply) {}

  open(heartbeatMs: number): void {
    const headers: Record<string, string | number | string[]> = {};
    for (const [name, value] of Object.entries(this.reply.getHeaders())) {
      if (value !== undefined) headers[name] = value as string | number | string[];
    }
    this.reply.raw.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise buffer the stream and the tokens arrive in one lump.
      'x-accel-buffering': 'no',
    });
    // Comment lines keep idle connections (and the proxies between) from timing out.
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), heartbeatMs);
    this.heartbeat.unref();
    const early = this.pending ?? [];
    this.pending = undefined;
    for (const chunk of early) this.write(chunk);
  }

  event(name: string, data: unknown): void {
    this.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** True once the client has gone away or the stream was ended. */
  get closed(): boolean {
    return this.ended || this.reply.raw.destroyed;
  }

  onClientGone(fn: () => void): void {
    this.reply.raw.on('close', () => {
      if (!this.ended) fn();
    });
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    this.reply.raw.end();
  }

  private write(chunk: string): void {
    if (this.pending) this.pending.push(chunk);
    else if (!this.closed) this.reply.raw.write(chunk);
  }
}
