import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readJsonBody, recorder, type Recorder } from './server-helpers';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
  /** Which of the receiver's secrets matched one of the signatures (none: the signature is bad). */
  verifiedWith: string[];
  /** The status the receiver answered. */
  status: number;
}

/** A status to answer with, or `stall` (never answer, for timeouts). */
export type ReceiverPlan = number | 'stall';

export interface WebhookReceiver {
  url: string;
  received: Recorder<ReceivedWebhook>;
  /** The secrets the receiver trusts; change them to follow a rotation. */
  secrets: string[];
  close(): Promise<void>;
}

/**
 * Written as a receiver would, from the docs alone (docs/push-and-webhooks.md), without Parley's
 * code: HMAC-SHA256 with the base64 key after `whsec_` over `<webhook-id>.<webhook-timestamp>.<raw
 * body>`, compared with each `v1,<base64>` in `webhook-signature`, timestamp within 5 minutes.
 */
export function receiverVerifies(secret: string, headers: IncomingHttpHeaders, rawBody: string, nowS = Math.floor(Date.now() / 1000)): boolean {
  const id = String(headers['webhook-id'] ?? '');
  const ts = String(headers['webhook-timestamp'] ?? '');
  if (!id || !/^\d+$/.test(ts) || Math.abs(nowS - Number(ts)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = Buffer.from(`v1,${createHmac('sha256', key).update(`${id}.${ts}.${rawBody}`).digest('base64')}`);
  return String(headers['webhook-signature'] ?? '')
    .split(' ')
    .some((sig) => sig.length === expected.length && timingSafeEqual(Buffer.from(sig), expected));
}

/**
 * A real HTTP server receiving webhooks: it verifies every delivery's signature against its
 * secrets and answers as the script says (200 by default), so tests can make it fail and recover.
 */
export async function startWebhookReceiver(opts: { secrets?: string[]; script?: ReceiverPlan | ((n: number) => ReceiverPlan) } = {}): Promise<WebhookReceiver> {
  const received = recorder<ReceivedWebhook>();
  const state = { secrets: opts.secrets ?? [] };
  let n = 0;
  const server = http.createServer((req, res) => {
    void readJsonBody(req).then((rawBody) => {
      const plan = typeof opts.script === 'function' ? opts.script(n++) : (opts.script ?? 200);
      let body: any;
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = undefined;
      }
      const verifiedWith = state.secrets.filter((s) => receiverVerifies(s, req.headers, rawBody));
      received.push({ headers: req.headers, rawBody, body, verifiedWith, status: plan === 'stall' ? 0 : plan });
      if (plan === 'stall') return;
      res.writeHead(plan, { 'content-type': 'text/plain' });
      res.end(plan < 300 ? 'ok' : 'receiver error');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/parley`,
    received,
    get secrets() {
      return state.secrets;
    },
    set secrets(list: string[]) {
      state.secrets = list;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
