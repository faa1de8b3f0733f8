import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
// Same rule as the services' genRequestId: a sane id is kept so one trace spans edge and service.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Headers that describe one connection, not the message: a proxy must not forward them. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Hop-by-hop names, plus any header the sender listed in its own `Connection` header. */
function connectionScoped(headers: IncomingHttpHeaders): Set<string> {
  const listed = String(headers.connection ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return new Set([...HOP_BY_HOP, ...listed]);
}

export function requestIdOf(req: IncomingMessage): string {
  const value = req.headers[REQUEST_ID_HEADER];
  return typeof value === 'string' && SAFE_REQUEST_ID.test(value) ? value : randomUUID();
}

/**
 * What the production edge (infra/edge/nginx.conf) sends upstream: the original Host, the
 * client's address appended to X-Forwarded-For, X-Forwarded-Proto/Host/X-Real-IP set by the
 * proxy, never trusted from the client.
 */
function forwardedHeaders(req: IncomingMessage): Record<string, string> {
  const remote = req.socket.remoteAddress ?? '';
  const prior = req.headers['x-forwarded-for'];
  const chain = [typeof prior === 'string' ? prior : prior?.join(', '), remote].filter(Boolean).join(', ');
  return {
    'x-forwarded-for': chain,
    'x-forwarded-proto': 'http',
    'x-forwarded-host': req.headers.host ?? '',
    'x-real-ip': remote,
  };
}

/** Request headers for a plain HTTP request to the upstream (Node's agent manages the connection). */
export function upstreamRequestHeaders(req: IncomingMessage, requestId: string): OutgoingHttpHeaders {
  const drop = connectionScoped(req.headers);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !drop.has(name)) out[name] = value;
  }
  // No body at all (a bare POST, like the reference's `curl -X POST .../assign`): say so, or Node
  // sends the upstream request chunked and the service sees a body without a content type (415).
  const bodiless = req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined;
  return { ...out, ...(bodiless ? { 'content-length': '0' } : {}), ...forwardedHeaders(req), [REQUEST_ID_HEADER]: requestId };
}

/**
 * Raw header lines for an upgrade request written straight onto the upstream socket: everything
 * the client sent (Connection and Upgrade included, since they are the point) in its own order
 * and case, with the forwarded headers replaced by ours.
 */
export function upgradeRequestHead(req: IncomingMessage, requestId: string): string {
  const ours = { ...forwardedHeaders(req), [REQUEST_ID_HEADER]: requestId };
  const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] ?? '';
    if (!(name.toLowerCase() in ours)) lines.push(`${name}: ${req.rawHeaders[i + 1] ?? ''}`);
  }
  for (const [name, value] of Object.entries(ours)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Response headers to pass back to the client: the upstream's, minus its connection details. */
export function downstreamResponseHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const drop = connectionScoped(headers);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !drop.has(name)) out[name] = value;
  }
  return out;
}
