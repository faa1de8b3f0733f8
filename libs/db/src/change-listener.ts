import { Client } from 'pg';
import { pgConfigFromUrl } from './prisma-client';

/** Postgres NOTIFY channels raised by triggers (see prisma/migrations/*_notify*). */
export const DbChannels = {
  /** An embed token or bot changed; the payload is its organization id. */
  widgetSources: 'parley_widget_sources',
  /** An end user's external id or verified flag changed; the payload is `<org id>:<old external id>`. */
  endUserIdentity: 'parley_end_user_identity',
} as const;
export type DbChannel = (typeof DbChannels)[keyof typeof DbChannels];

export interface ChangeListenerOptions {
  databaseUrl: string;
  channel: DbChannel;
  onChange: (payload: string) => void;
  /**
   * Called whenever notifications may have been missed: the connection dropped, or it (re)opened.
   * A cache should forget everything then.
   */
  onGap: () => void;
  onError: (err: unknown) => void;
  /** Reconnect delay bounds. */
  retryMs?: { min: number; max: number };
}

export interface ChangeListener {
  /** Resolves once the first LISTEN is in place (or failed: it keeps retrying in the background). */
  ready: Promise<void>;
  /** True while LISTEN is in place, so changes committed now will be announced. */
  readonly listening: boolean;
  close(): Promise<void>;
}

/**
 * One dedicated connection that LISTENs on a channel and reconnects with backoff. It is not from
 * the pool: a pooled connection goes back to other queries, and LISTEN lives with its session.
 */
export function listenForChanges(opts: ChangeListenerOptions): ChangeListener {
  const retry = opts.retryMs ?? { min: 500, max: 30_000 };
  let client: Client | undefined;
  let closed = false;
  let delay = retry.min;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new Client({ ...pgConfigFromUrl(opts.databaseUrl), application_name: `parley-listen-${opts.channel}` });
    next.on('notification', (msg) => {
      if (msg.channel === opts.channel) opts.onChange(msg.payload ?? '');
    });
    next.on('error', (err) => opts.onError(err));
    next.on('end', () => {
      if (client !== next) return;
      client = undefined;
      opts.onGap();
      schedule();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${opts.channel}`);
    } catch (err) {
      opts.onError(err);
      await next.end().catch(() => undefined);
      schedule();
      return;
    }
    if (closed) {
      await next.end();
      return;
    }
    client = next;
    delay = retry.min;
    // Whatever changed before LISTEN took effect was never announced to us.
    opts.onGap();
  };

  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, retry.max);
  };

  return {
    ready: connect(),
    get listening() {
      return client !== undefined;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
