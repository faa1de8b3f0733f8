import { Type, type Static } from 'typebox';

/**
 * Every machine-readable error code Parley answers with. Clients branch on these, so a code is
 * never renamed once shipped; add new ones instead.
 */
export const ErrorCode = {
  // 400
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  INVALID_JSON: 'INVALID_JSON',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** An allowed origin that is not exactly `scheme://host[:port]` (http or https). */
  INVALID_ORIGIN: 'INVALID_ORIGIN',
  /** An API key scope that is not in API_KEY_SCOPES. */
  INVALID_SCOPE: 'INVALID_SCOPE',
  /** A public key that cannot be parsed, is of the wrong type for its algorithm, or is too weak. */
  INVALID_PUBLIC_KEY: 'INVALID_PUBLIC_KEY',
  /** A private key sent where only its public half belongs: it must be treated as leaked. */
  PRIVATE_KEY_SUBMITTED: 'PRIVATE_KEY_SUBMITTED',
  /** Push credentials that cannot work: a malformed service-account JSON or .p8 key, bad ids. */
  INVALID_PUSH_CREDENTIAL: 'INVALID_PUSH_CREDENTIAL',
  /** A webhook URL that is not an absolute http(s) URL without credentials. */
  INVALID_WEBHOOK_URL: 'INVALID_WEBHOOK_URL',
  /** `rich_media` that does not have the shape of its `content_type`, or a link that is not http(s). */
  INVALID_RICH_MEDIA: 'INVALID_RICH_MEDIA',
  // 401 / 403
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  CSRF_INVALID: 'CSRF_INVALID',
  ORIGIN_NOT_ALLOWED: 'ORIGIN_NOT_ALLOWED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  SESSION_EXPIRED: 'SESSION_EXPIRED',
  INSUFFICIENT_ROLE: 'INSUFFICIENT_ROLE',
  INSUFFICIENT_SCOPE: 'INSUFFICIENT_SCOPE',
  API_KEY_INVALID: 'API_KEY_INVALID',
  EMBED_TOKEN_INVALID: 'EMBED_TOKEN_INVALID',
  /** A JWT that is malformed, badly signed, of the wrong type, audience or issuer. */
  TOKEN_INVALID: 'TOKEN_INVALID',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  /** An identity assertion whose `jti` was already used. */
  TOKEN_REPLAYED: 'TOKEN_REPLAYED',
  /** A valid widget token used for another conversation than the one it was issued for. */
  TOKEN_SCOPE_MISMATCH: 'TOKEN_SCOPE_MISMATCH',
  // 404
  NOT_FOUND: 'NOT_FOUND',
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  CONVERSATION_NOT_FOUND: 'CONVERSATION_NOT_FOUND',
  /** An agent named in a request (assignee, sender) that is not an active user of the organization. */
  AGENT_NOT_FOUND: 'AGENT_NOT_FOUND',
  // 409
  CONFLICT: 'CONFLICT',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  /** Registering a push device for a bot that has no mobile channel yet. */
  MOBILE_CHANNEL_MISSING: 'MOBILE_CHANNEL_MISSING',
  /** The conversation's open session is already another agent's: a claim lost the race. */
  ALREADY_ASSIGNED: 'ALREADY_ASSIGNED',
  /** The conversation has no open session (it is resolved): nothing to assign, tag, resolve or answer. */
  NO_OPEN_SESSION: 'NO_OPEN_SESSION',
  // 413 / 429
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  // 5xx
  INTERNAL: 'INTERNAL',
  DEPENDENCY_UNAVAILABLE: 'DEPENDENCY_UNAVAILABLE',
  /** Sent by the edge (never by a service) when the service behind a path does not answer. */
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  // Bot replies: `error.code` of a `bot.reply.completed` event (and the widget's SSE `error`).
  /** The AI provider did not answer in time: no first byte, or silence between chunks. */
  PROVIDER_TIMEOUT: 'PROVIDER_TIMEOUT',
  /** The AI provider answered with an error, or a stream that cannot be read. */
  PROVIDER_ERROR: 'PROVIDER_ERROR',
  /** The AI provider cannot be reached, is overloaded or rate-limits us (429, 502-504, refused). */
  PROVIDER_UNAVAILABLE: 'PROVIDER_UNAVAILABLE',
  /** The listener cancelled the reply (the visitor went away); nothing was stored. */
  CANCELLED: 'CANCELLED',
  /** No completion reached the requester in time (no bot worker running, or it died). */
  BOT_REPLY_TIMEOUT: 'BOT_REPLY_TIMEOUT',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The one error body every service returns. */
export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
    code: Type.String({ description: 'Stable machine-readable code, e.g. CONVERSATION_NOT_FOUND' }),
    message: Type.String(),
    requestId: Type.String(),
    details: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export interface ErrorDetail {
  path: string;
  message: string;
}

/** An error meant for the client: its status, code and message are sent as they are. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: ErrorDetail[]) =>
  new AppError(400, ErrorCode.VALIDATION_FAILED, message, details);
export const unauthenticated = (message = 'Authentication required') =>
  new AppError(401, ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'Not allowed', code: ErrorCode = ErrorCode.FORBIDDEN) =>
  new AppError(403, code, message);
export const notFound = (what = 'Resource', code: ErrorCode = ErrorCode.NOT_FOUND) =>
  new AppError(404, code, `${what} not found`);
export const conflict = (message: string, code: ErrorCode = ErrorCode.CONFLICT) =>
  new AppError(409, code, message);
export const rateLimited = (retryAfterSeconds: number, message = 'Too many requests') =>
  new AppError(429, ErrorCode.RATE_LIMITED, message, undefined, {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
export const dependencyUnavailable = (dependency: string) =>
  new AppError(503, ErrorCode.DEPENDENCY_UNAVAILABLE, `${dependency} is unavailable`);

/** `response` entries for a route's error statuses, all with the one error body. */
export const errorResponses = <S extends number>(...statuses: S[]) =>
  Object.fromEntries(statuses.map((status) => [status, ErrorBody])) as Record<S, typeof ErrorBody>;

/** What every public widget route can answer besides success. */
export const WIDGET_ERROR_RESPONSES = errorResponses(400, 401, 403, 404, 413, 415, 429);
