import http2, { type ClientHttp2Session } from 'node:http2';
import type { HttpAnswer, HttpClientOptions, HttpPoster } from './https-client';

/** One session per origin, so no socket pool to size. */
export type Http2ClientOptions = Omit<HttpClientOptions, 'maxSockets'>;

/**
 * Requests over HTTP/2 with one long-lived session per origin: many streams in parallel on one
 * TLS connection, which is what Apple asks of APNs providers and what FCM's v1 endpoint accepts.
 * Against HTTP/1.1 keep-alive (a socket, a TLS record and a request object per push) it costs the
 * worker far less per send. A session that closes, fails or says GOAWAY is replaced on next use.
 */
export class Http2Client implements HttpPoster {
  private readonly sessions = new Map<string, ClientHttp2Session>();

  constructor(private readonly opts: Http2ClientOptions) {}

  post(url: string, headers: Record<string, string>, body: string): Promise<HttpAnswer> {
    const target = new URL(url);
    return new Promise((resolve, reject) => {
      const stream = this.session(target.origin).request({ ':method': 'POST', ':path': `${target.pathname}${target.search}`, ...headers });
      stream.setTimeout(this.opts.timeoutMs, () => stream.close(http2.constants.NGHTTP2_CANCEL));
      let status = 0;
      let answerHeaders: http2.IncomingHttpHeaders = {};
      const parts: Buffer[] = [];
      stream.on('response', (h) => {
        answerHeaders = h;
        status = Number(h[':status']);
      });
      stream.on('data', (c: Buffer) => parts.push(c));
      stream.on('error', reject);
      stream.on('close', () => {
        if (!status) return reject(new Error(`no answer from ${target.host} within ${this.opts.timeoutMs} ms`));
        resolve({ status, headers: answerHeaders as HttpAnswer['headers'], body: Buffer.concat(parts).toString('utf8') });
      });
      stream.end(body);
    });
  }

  close(): void {
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
  }

  private session(origin: string): ClientHttp2Session {
    const open = this.sessions.get(origin);
    if (open && !open.closed && !open.destroyed) return open;
    const session = http2.connect(origin, this.opts.ca ? { ca: this.opts.ca } : {});
    const forget = () => this.sessions.get(origin) === session && this.sessions.delete(origin);
    session.on('close', forget);
    session.on('goaway', forget);
    // Errors reach the pending streams; without a listener the process would crash.
    session.on('error', forget);
    session.unref();
    this.sessions.set(origin, session);
    return session;
  }
}
