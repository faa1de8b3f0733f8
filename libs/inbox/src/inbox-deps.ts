import type { EventBus, QueueRegistry } from '@parley/bus';
import type { Db } from '@parley/db';

export interface InboxLogger {
  error(obj: object, msg: string): void;
}

/** What the inbox functions need, and no more: REST routes and socket handlers both have these. */
export interface InboxDeps {
  db: Db;
  events: Pick<EventBus, 'publish'>;
  /**
   * With a logger, a failed publish after a committed change is logged and the call still
   * succeeds (the change happened; failing would make the caller retry it). Without one the
   * publish error is thrown.
   */
  log?: InboxLogger;
  /**
   * With the queues, every agent or bot message stored here also schedules a push to the end
   * user's phones (the notification worker skips it if they are connected). Every production
   * caller passes them; without them no push is scheduled.
   */
  queues?: Pick<QueueRegistry, 'get'>;
}

/** The request that caused a change; it travels with the events it publishes. */
export interface InboxMeta {
  requestId: string;
}

/** Publishes after a committed change, following the `log` policy of `InboxDeps`. */
export async function announce(deps: InboxDeps, context: object, publish: () => Promise<unknown>): Promise<void> {
  try {
    await publish();
  } catch (err) {
    if (!deps.log) throw err;
    deps.log.error({ err, ...context }, 'could not announce an inbox change');
  }
}
