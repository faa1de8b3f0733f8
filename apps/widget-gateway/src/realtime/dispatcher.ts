import { randomUUID } from 'node:crypto';
import { Compile } from 'typebox/compile';
import { AppError, ClientEvents, ErrorCode, type AckPayload, type ClientEventName, type ClientEventPayload } from '@parley/contracts';
import { mapPrismaError } from '@parley/db';
import type { RealtimeClient } from './realtime-client';
import type { HandlerContext, RealtimeDeps } from './realtime-deps';
import { claimConversation, joinConversation, joinOrgPresence, joinQueue, leaveConversation } from './handlers/rooms';
import { sendMessage } from './handlers/send-message';
import { markRead, userTyping } from './handlers/signals';
import { registerDeviceEvent, unregisterDeviceEvent } from './handlers/devices';

type Handler<E extends ClientEventName> = (ctx: HandlerContext, data: ClientEventPayload<E>) => unknown;

const HANDLERS: { [E in ClientEventName]: Handler<E> } = {
  send_message: sendMessage,
  claim_conversation: claimConversation,
  join_conversation: joinConversation,
  leave_conversation: leaveConversation,
  join_queue: joinQueue,
  join_org_presence: joinOrgPresence,
  user_typing: userTyping,
  mark_read: markRead,
  register_device: registerDeviceEvent,
  unregister_device: unregisterDeviceEvent,
};

export const CLIENT_EVENT_NAMES = Object.keys(HANDLERS) as ClientEventName[];
const validators = Object.fromEntries(CLIENT_EVENT_NAMES.map((name) => [name, Compile(ClientEvents[name])])) as {
  [E in ClientEventName]: ReturnType<typeof Compile<(typeof ClientEvents)[E]>>;
};

export const isClientEvent = (name: string): name is ClientEventName => Object.hasOwn(HANDLERS, name);

/**
 * One client event, from either transport: validated against the contract, handled, and
 * answered. Success goes to the acknowledgement (if the client asked for one); a failure goes to
 * the sender alone as the reference's `error` event `{message, code}`, and to the
 * acknowledgement too. Unexpected failures are logged and reported without their details.
 */
export async function dispatch(deps: RealtimeDeps, client: RealtimeClient, name: ClientEventName, data: unknown, ack?: (payload: AckPayload) => void) {
  const requestId = randomUUID();
  try {
    const validator = validators[name];
    // The reference's join_queue and join_org_presence carry no payload at all.
    const payload = data === undefined || data === null ? {} : data;
    if (!validator.Check(payload)) {
      const first = validator.Errors(payload)[0];
      throw new AppError(400, ErrorCode.VALIDATION_FAILED, `Invalid ${name} payload at ${first?.instancePath || '/'}: ${first?.message ?? 'invalid'}`);
    }
    const handler = HANDLERS[name] as Handler<typeof name>;
    const result = await handler({ deps, client, requestId }, payload as ClientEventPayload<typeof name>);
    ack?.({ ok: true, data: result ?? null });
  } catch (raw) {
    const err = raw instanceof AppError ? raw : (mapPrismaError(raw) ?? raw);
    // Client errors, and a saturated or unreachable dependency (503: the client should retry).
    const known = err instanceof AppError && (err.statusCode < 500 || err.statusCode === 503);
    if (!known) deps.log.error({ err: raw, event: name, requestId, clientId: client.id }, 'socket event failed');
    else if (err.statusCode === 503) deps.log.warn({ err: raw, event: name, requestId }, 'socket event refused: dependency unavailable');
    const retryAfter = known ? Number(err.headers?.['retry-after']) : NaN;
    const error = known
      ? { code: err.code, message: err.message, ...(Number.isFinite(retryAfter) ? { retry_after: retryAfter } : {}) }
      : { code: ErrorCode.INTERNAL, message: `Internal error (request ${requestId})` };
    client.send('error', error);
    ack?.({ ok: false, error });
  }
}
