import fastJson from 'fast-json-stringify';
import { Type } from 'typebox';
import { InitResponse, WidgetMessage, type WidgetMessage as WidgetMessageT } from '@parley/contracts';

/**
 * `/init`'s answer written as JSON by the same serializer Fastify compiles from the route's
 * response schema, in two parts: the messages, serialized once and kept with a returning
 * visitor's cached answer (`VisitCache`), and the rest, which changes per request (the token).
 */
const serializeMessages = fastJson(Type.Array(WidgetMessage));
const InitHead = Type.Omit(InitResponse, ['messages']);
const serializeHead = fastJson(InitHead);

export type InitHead = Omit<InitResponse, 'messages'>;

/**
 * As UTF-8 bytes: a cached answer is written to many sockets, and a string would be measured
 * (`Buffer.byteLength`, which flattens the serializer's concatenated string first) and encoded
 * again for each of them.
 */
export const messagesJson = (messages: WidgetMessageT[]): Buffer => Buffer.from(serializeMessages(messages));

const CLOSE = Buffer.from('}');

/** The whole answer: the head's object with `messages` spliced in as already serialized JSON. */
export function initResponseJson(head: InitHead, messages: Buffer): Buffer {
  const json = serializeHead(head);
  return Buffer.concat([Buffer.from(`${json.slice(0, -1)},"messages":`), messages, CLOSE]);
}
