import http from 'node:http';
import type { ServiceName } from '@parley/config';
import { REQUEST_ID_HEADER, downstreamResponseHeaders, requestIdOf, upstreamRequestHeaders } from './proxy-headers';
import { upstreamUnavailableBody, type Upstream } from './upstream-error';

export interface ProxyTarget {
  service: ServiceName;
  upstream: Upstream;
  agent: http.Agent;
}

function sendBadGateway(res: http.ServerResponse, target: ProxyTarget, err: Error, requestId: string): void {
  const body = JSON.stringify(upstreamUnavailableBody(target.service, target.upstream, err, requestId));
  res.writeHead(502, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    [REQUEST_ID_HEADER]: requestId,
  });
  res.end(body);
}

/**
 * Forwards one request and streams both bodies through without buffering: request bodies as the
 * client sends them, responses chunk by chunk with headers flushed at once, so Server-Sent Events
 * reach the browser as the service writes them.
 */
export function proxyHttp(req: http.IncomingMessage, res: http.ServerResponse, target: ProxyTarget): void {
  const requestId = requestIdOf(req);
  const upstreamReq = http.request({
    host: target.upstream.host,
    port: target.upstream.port,
    method: req.method,
    path: req.url,
    headers: upstreamRequestHeaders(req, requestId),
    agent: target.agent,
  });

  upstreamReq.on('response', (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, downstreamResponseHeaders(upstreamRes.headers));
    res.flushHeaders();
    upstreamRes.pipe(res);
    // A service that dies mid-response: cut the client off rather than end a truncated body cleanly.
    upstreamRes.on('error', () => res.destroy());
    upstreamRes.on('aborted', () => res.destroy());
  });
  upstreamReq.on('error', (err) => {
    if (!res.headersSent) sendBadGateway(res, target, err, requestId);
    else res.destroy();
  });
  // The client went away (closed tab, ended EventSource): stop the upstream work too.
  res.on('close', () => {
    if (!res.writableFinished) upstreamReq.destroy();
  });
  req.on('error', () => upstreamReq.destroy());
  // Send the head now rather than with the first body chunk: a service may answer (or start a
  // stream) before the client has finished sending, and must not wait for the body to learn of it.
  upstreamReq.flushHeaders();
  req.pipe(upstreamReq);
}
