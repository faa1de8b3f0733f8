import http from 'node:http';
import https from 'node:https';
import { literalHostProblem, publicOnlyLookup } from './network-guard';

export interface AttemptResult {
  /** Null when no HTTP answer came. */
  statusCode: number | null;
  responseMs: number;
  error: string | null;
}

export interface WebhookHttpOptions {
  timeoutMs: number;
  allowPrivateNetworks: boolean;
  /** Extra CA certificates (PEM) for receivers behind a private CA. */
  ca?: string | string[];
}

/** What is kept of a receiver's error answer for the delivery log. */
const MAX_ERROR_BODY = 300;

/**
 * One webhook POST. Redirects are not followed (a 3xx is a failed attempt, as with most
 * providers: a redirect would need the signature to be trusted by another URL). Only 2xx counts
 * as delivered. Never throws: every failure becomes `error`.
 */
export function postWebhook(url: string, headers: Record<string, string>, body: string, opts: WebhookHttpOptions): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve({ statusCode: null, responseMs: 0, error: 'the endpoint URL is not valid' });
  }
  const blocked = opts.allowPrivateNetworks ? undefined : literalHostProblem(target);
  if (blocked) return Promise.resolve({ statusCode: null, responseMs: 0, error: `refused: ${blocked}` });
  const secure = target.protocol === 'https:';
  return new Promise((resolve) => {
    const req = (secure ? https : http).request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'Parley-Webhooks/1.0', 'content-length': String(Buffer.byteLength(body)) },
        timeout: opts.timeoutMs,
        // A fresh connection per attempt: receivers are many and each is called rarely.
        agent: false,
        ...(opts.allowPrivateNetworks ? {} : { lookup: publicOnlyLookup }),
        ...(secure && opts.ca ? { ca: opts.ca } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < MAX_ERROR_BODY) text += chunk;
        });
        res.on('end', () => {
          const ok = status >= 200 && status < 300;
          resolve({ statusCode: status, responseMs: elapsed(), error: ok ? null : `HTTP ${status}${text ? `: ${text.slice(0, MAX_ERROR_BODY)}` : ''}` });
        });
        res.on('error', (err) => resolve({ statusCode: status, responseMs: elapsed(), error: err.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', (err) => resolve({ statusCode: null, responseMs: elapsed(), error: err.message }));
    req.end(body);
  });
}
