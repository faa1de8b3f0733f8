import { Compile } from 'typebox/compile';
import type { TSchema } from 'typebox';
import type { EventEnvelope, TopicDefinition, TopicPayload } from '@parley/contracts';
import { PublishBatcher } from './publish-batcher';
import type { RedisClient, RedisNamespace } from './redis';

export interface BusLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface EventMeta {
  requestId: string;
}

export type EventHandler<T extends TopicDefinition> = (payload: TopicPayload<T>, meta: EventMeta & { emittedAt: string }) => void | Promise<void>;

const validators = new WeakMap<TSchema, ReturnType<typeof Compile>>();
function validatorFor(schema: TSchema) {
  let v = validators.get(schema);
  if (!v) validators.set(schema, (v = Compile(schema)));
  return v;
}

/**
 * Typed Redis pub/sub between nodes and services. Publishing validates the payload (a bad event
 * is a bug at the sender, so it throws there); receiving validates again and drops, with a log
 * line, anything malformed or of an unknown version instead of handing it to a handler.
 */
export class EventBus {
  private readonly channels = new Map<string, { topic: TopicDefinition; check: ReturnType<typeof Compile>; handlers: Set<EventHandler<TopicDefinition>> }>();
  private readonly gapListeners = new Set<() => void>();
  private closed = false;
  private readonly batcher: PublishBatcher;

  constructor(
    publisher: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly ns: RedisNamespace,
    private readonly log: BusLogger,
  ) {
    this.batcher = new PublishBatcher(publisher);
    subscriber.on('message', (channel: string, raw: string) => this.dispatch(channel, raw));
    // Redis pub/sub keeps nothing for a subscriber that is away: whatever is published until
    // ioredis has reconnected and subscribed again is gone for this node.
    // 'ready' as well: loads that ran while it was away must not be kept either.
    const gap = () => {
      for (const listener of this.gapListeners) listener();
    };
    subscriber.on('close', gap);
    subscriber.on('ready', gap);
  }

  /** True while this node's subscriber connection is up, so events published now reach it. */
  get receiving(): boolean {
    return this.subscriber.status === 'ready';
  }

  /**
   * Calls `listener` whenever events may have been missed (the subscriber connection closed).
   * A cache kept correct by events forgets everything then. Returns a function that stops it.
   */
  onGap(listener: () => void): () => void {
    this.gapListeners.add(listener);
    return () => this.gapListeners.delete(listener);
  }

  async publish<T extends TopicDefinition>(topic: T, payload: TopicPayload<T>, meta: EventMeta): Promise<void> {
    const validator = validatorFor(topic.schema);
    if (!validator.Check(payload)) {
      const first = validator.Errors(payload)[0];
      throw new Error(`event ${topic.name} payload invalid at ${first?.instancePath || '/'}: ${first?.message}`);
    }
    const envelope: EventEnvelope = {
      topic: topic.name,
      v: topic.version,
      requestId: meta.requestId,
      emittedAt: new Date().toISOString(),
      payload,
    };
    await this.batcher.publish(this.ns.channel(topic.name), JSON.stringify(envelope));
  }

  /** Returns an unsubscribe function. */
  async subscribe<T extends TopicDefinition>(topic: T, handler: EventHandler<T>): Promise<() => Promise<void>> {
    const channel = this.ns.channel(topic.name);
    let subscription = this.channels.get(channel);
    if (!subscription) {
      this.channels.set(channel, (subscription = { topic, check: validatorFor(topic.schema), handlers: new Set() }));
      await this.subscriber.subscribe(channel);
    }
    const { handlers } = subscription;
    // Its own entry per subscription, so one function subscribed twice is also unsubscribed once at a time.
    const call: EventHandler<TopicDefinition> = (payload, meta) => handler(payload as TopicPayload<T>, meta);
    handlers.add(call);
    return async () => {
      handlers.delete(call);
      if (handlers.size === 0 && !this.closed) {
        this.channels.delete(channel);
        await this.subscriber.unsubscribe(channel);
      }
    };
  }

  /** Parses and checks an event once, however many handlers its topic has on this node. */
  private dispatch(channel: string, raw: string) {
    const subscription = this.channels.get(channel);
    if (!subscription) return;
    const { topic, check, handlers } = subscription;
    let env: EventEnvelope;
    try {
      env = JSON.parse(raw) as EventEnvelope;
    } catch {
      this.log.warn({ channel }, 'dropped an event that is not JSON');
      return;
    }
    if (env.v !== topic.version || !check.Check(env.payload)) {
      this.log.warn({ topic: topic.name, v: env.v, requestId: env.requestId }, 'dropped an event that does not match its schema');
      return;
    }
    const meta = { requestId: env.requestId, emittedAt: env.emittedAt };
    for (const handler of handlers) {
      Promise.resolve(handler(env.payload as TopicPayload<TopicDefinition>, meta)).catch((err: unknown) =>
        this.log.error({ err, topic: topic.name, requestId: env.requestId }, 'event handler failed'),
      );
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.channels.clear();
    if (this.subscriber.status !== 'end') await this.subscriber.unsubscribe().catch(() => undefined);
  }
}
