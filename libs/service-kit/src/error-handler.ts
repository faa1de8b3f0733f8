import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode, type ErrorBody, type ErrorDetail } from '@parley/contracts';
import { mapPrismaError } from '@parley/db';

/** Fastify's own client errors, by their code, in our taxonomy. */
const FASTIFY_CODES: Record<string, { status: number; code: ErrorCode; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: ErrorCode.PAYLOAD_TOO_LARGE, message: 'Request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: ErrorCode.UNSUPPORTED_MEDIA_TYPE, message: 'Unsupported content type' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: ErrorCode.INVALID_JSON, message: 'Body is empty but content-type is JSON' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: ErrorCode.INVALID_JSON, message: 'Body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: ErrorCode.VALIDATION_FAILED, message: 'Invalid Content-Length' },
};

const GENERIC_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.RATE_LIMITED,
};

function toAppError(err: FastifyError): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err.validation) {
    const details: ErrorDetail[] = err.validation.map((v) => ({
      path: `${err.validationContext ?? 'body'}${v.instancePath || ''}`,
      message: v.message ?? 'is invalid',
    }));
    return new AppError(400, ErrorCode.VALIDATION_FAILED, `Invalid request ${err.validationContext ?? 'body'}`, details);
  }
  const known = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (known) return new AppError(known.status, known.code, known.message ?? err.message);
  if (err instanceof SyntaxError) return new AppError(400, ErrorCode.INVALID_JSON, 'Body is not valid JSON');
  const mapped = mapPrismaError(err);
  if (mapped) return mapped;
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // e.g. @fastify/rate-limit's 429, which has already set Retry-After on the reply.
    return new AppError(status, GENERIC_BY_STATUS[status] ?? ErrorCode.VALIDATION_FAILED, err.message);
  }
  return undefined;
}

export function sendError(reply: FastifyReply, request: FastifyRequest, appError: AppError): FastifyReply {
  const body: ErrorBody = {
    statusCode: appError.statusCode,
    code: appError.code,
    message: appError.message,
    requestId: request.id,
    ...(appError.details?.length ? { details: appError.details } : {}),
  };
  if (appError.headers) reply.headers(appError.headers);
  return reply.code(appError.statusCode).type('application/json; charset=utf-8').send(body);
}

/**
 * One error handler for every service: client errors keep their message and get a stable code;
 * anything else is logged with its stack and answered with a bare 500 that leaks nothing.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const appError = toAppError(err);
    if (appError) {
      if (appError.statusCode >= 500) request.log.error({ err }, appError.message);
      return sendError(reply, request, appError);
    }
    request.log.error({ err }, 'unhandled error');
    return sendError(reply, request, new AppError(500, ErrorCode.INTERNAL, 'Internal server error'));
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, request, new AppError(404, ErrorCode.ROUTE_NOT_FOUND, `Route ${request.method} ${request.url.split('?')[0]} not found`)),
  );
}
