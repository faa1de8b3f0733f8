import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { startBotReplyWorker, type BotReplyWorker } from '@parley/bot';
import { createCipherKeyring } from '@parley/security';
import { DEFAULT_SECURITY } from '@parley/service-kit';
import type { TestInfra } from '@parley/testing';

export interface SseEvent {
  event: string;
  data: any;
}

/** Splits an SSE body into its events; comment lines (heartbeats) are returned as `comment`. */
export function parseSse(body: string): SseEvent[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      if (block.startsWith(':')) return { event: 'comment', data: block.slice(1).trim() };
      const name = /^event: (.+)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1];
      return { event: name, data: data === undefined ? undefined : JSON.parse(data) };
    });
}

/** The bot worker, in this process, on the gateway app's own bus: what the conversation service runs. */
export async function startWorkerFor(app: FastifyInstance, infra: TestInfra): Promise<BotReplyWorker> {
  return startBotReplyWorker({
    db: app.db,
    events: app.events,
    connection: infra.deps().redis.queueConnection,
    ns: app.redisNs,
    cipher: createCipherKeyring(DEFAULT_SECURITY.encryptionKeys),
    log: app.log,
    concurrency: 4,
  });
}

/** A real HTTP request whose response is read as it arrives (inject would buffer it). */
export function openStream(port: number, token: string, body: object) {
  const chunks: string[] = [];
  const request = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/v1/widget/messages/stream',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    request.on('response', (res) => {
      res.setEncoding('utf8');
      res.on('data', (c: string) => chunks.push(c));
      resolve(res);
    });
    request.on('error', reject);
  });
  request.end(JSON.stringify(body));
  return {
    response,
    text: () => chunks.join(''),
    abort: () => request.destroy(),
    ended: response.then((res) => new Promise<void>((resolve) => res.on('end', () => resolve()).on('close', () => resolve()))),
  };
}
