import { once } from 'node:events';
import http, { type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the server does with one request. `stream` speaks the Chat Completions streaming protocol
 * and then ends as `then` says; the others are the ways real providers fail.
 */
export type OpenAiPlan =
  | {
      kind: 'stream';
      /** Content deltas, one `chat.completion.chunk` each. */
      chunks: string[];
      /** Before the first chunk (0: written with the headers, at once). */
      firstDelayMs?: number;
      /** Between chunks. */
      delayMs?: number;
      /** Write every event in three pieces, cut mid-line, a few ms apart. */
      splitEvents?: boolean;
      /** `done` (default): finish_reason + `[DONE]`; `stall`: send nothing more, never end; `disconnect`: drop the socket. */
      then?: 'done' | 'stall' | 'disconnect';
    }
  | { kind: 'error'; status: number; message?: string; type?: string; code?: string | null }
  /** Accept the request and never answer, not even headers. */
  | { kind: 'stall' }
  /** Drop the connection without any answer. */
  | { kind: 'disconnect' }
  /** A server that ignores `stream: true` and answers one JSON completion. */
  | { kind: 'json'; content: string };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined if it was not JSON). */
  body: any;
  /** Resolves when the exchange is over; `early` when the client went away before the server finished. */
  closed: Promise<{ early: boolean }>;
}

export type OpenAiScript = OpenAiPlan | ((request: RecordedRequest, index: number) => OpenAiPlan | Promise<OpenAiPlan>);

export interface OpenAiServer {
  /** The API root, e.g. `http://127.0.0.1:41234/v1`: what a bot's `baseUrl` is set to. */
  url: string;
  requests: RecordedRequest[];
  /** Resolves once `n` requests have arrived. */
  waitForRequests(n: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function chunkEvent(id: string, model: string, delta: Record<string, unknown>, finishReason: string | null): string {
  const chunk = {
    id,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

async function stream(res: ServerResponse, plan: Extract<OpenAiPlan, { kind: 'stream' }>, model: string, n: number) {
  const id = `chatcmpl-test-${n}`;
  const write = async (event: string) => {
    if (res.destroyed) return;
    if (!plan.splitEvents) return void res.write(event);
    const cuts = [0, Math.floor(event.length / 3), Math.floor((2 * event.length) / 3), event.length];
    for (let i = 0; i < 3; i++) {
      res.write(event.slice(cuts[i], cuts[i + 1]));
      await sleep(3);
    }
  };
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.socket?.setNoDelay(true);
  await write(chunkEvent(id, model, { role: 'assistant', content: '' }, null));
  for (let i = 0; i < plan.chunks.length; i++) {
    const wait = i === 0 ? (plan.firstDelayMs ?? 0) : (plan.delayMs ?? 0);
    if (wait) await sleep(wait);
    // The client went away (cancelled, timed out): stop, as a real provider does.
    if (res.destroyed) return;
    await write(chunkEvent(id, model, { content: plan.chunks[i] }, null));
  }
  const then = plan.then ?? 'done';
  if (then === 'stall') return;
  if (then === 'disconnect') {
    // Let what was written reach the client first, as when a provider crashes mid-answer.
    await sleep(10);
    return void res.socket?.destroy();
  }
  await write(chunkEvent(id, model, {}, 'stop'));
  await write('data: [DONE]\n\n');
  res.end();
}

/**
 * A real HTTP server speaking OpenAI's Chat Completions protocol (`POST /v1/chat/completions`,
 * streaming `data:` chunks and `[DONE]`), for tests and benchmarks of the bot's `openai`
 * provider. The script decides per request what happens; every request is recorded.
 */
export async function startOpenAiServer(opts: { script: OpenAiScript }): Promise<OpenAiServer> {
  const requests: RecordedRequest[] = [];
  const waiters: (() => void)[] = [];

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      let finished = false;
      const closed = new Promise<{ early: boolean }>((resolve) => res.on('close', () => resolve({ early: !finished })));
      res.on('finish', () => (finished = true));
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(parts).toString('utf8'));
      } catch {
        body = undefined;
      }
      const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, closed };
      const n = requests.push(recorded) - 1;
      waiters.splice(0).forEach((wake) => wake());
      void respond(recorded, n, res).catch(() => res.destroy());
    });
  });

  async function respond(request: RecordedRequest, n: number, res: ServerResponse) {
    if (request.method !== 'POST' || request.path !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ error: { message: 'Not found', type: 'invalid_request_error', param: null, code: null } }));
    }
    const plan = typeof opts.script === 'function' ? await opts.script(request, n) : opts.script;
    const model = String(request.body?.model ?? 'test-model');
    switch (plan.kind) {
      case 'stream':
        return stream(res, plan, model, n);
      case 'error':
        res.writeHead(plan.status, { 'content-type': 'application/json' });
        return void res.end(
          JSON.stringify({ error: { message: plan.message ?? 'error', type: plan.type ?? 'server_error', param: null, code: plan.code ?? null } }),
        );
      case 'stall':
        return;
      case 'disconnect':
        return void res.socket?.destroy();
      case 'json':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(
          JSON.stringify({
            id: `chatcmpl-test-${n}`,
            object: 'chat.completion',
            model,
            choices: [{ index: 0, message: { role: 'assistant', content: plan.content }, finish_reason: 'stop' }],
          }),
        );
    }
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    async waitForRequests(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} requests, got ${requests.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return requests.slice(0, n);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
