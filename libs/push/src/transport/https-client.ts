import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What the FCM sender and token client need of a transport: `HttpClient`, `Http2Client`. */
export interface HttpPoster {
  /** Rejects only when no answer came (network error, timeout); any status resolves. */
  post(url: string, headers: Record<string, string>, body: string): Promise<HttpAnswer>;
}

export interface HttpClientOptions {
  timeoutMs: number;
  /** Extra trusted CA certificates (PEM), e.g. an egress proxy's or a test server's; default: the system's. */
  ca?: string | string[];
  /** Sockets kept per origin: pushes are many small requests to one or two hosts. */
  maxSockets?: number;
}

/**
 * A small keep-alive HTTP(S) client for the FCM and OAuth endpoints. Node's `https` rather than
 * `fetch`: it takes a CA per agent, and one pooled agent per process is what a high send rate needs.
 */
export class HttpClient implements HttpPoster {
  private readonly httpsAgent: https.Agent;
  private readonly httpAgent: http.Agent;

  constructor(private readonly opts: HttpClientOptions) {
    const pool = { keepAlive: true, maxSockets: opts.maxSockets ?? 128, maxFreeSockets: opts.maxSockets ?? 128 };
    this.httpsAgent = new https.Agent({ ...pool, ...(opts.ca ? { ca: opts.ca } : {}) });
    this.httpAgent = new http.Agent(pool);
  }

  post(url: string, headers: Record<string, string>, body: string): Promise<HttpAnswer> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const lib = secure ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(
        target,
        {
          method: 'POST',
          agent: secure ? this.httpsAgent : this.httpAgent,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          timeout: this.opts.timeoutMs,
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer from ${target.host} within ${this.opts.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.httpsAgent.destroy();
    this.httpAgent.destroy();
  }
}
