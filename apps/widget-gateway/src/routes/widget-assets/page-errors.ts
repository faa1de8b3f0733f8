import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@parley/contracts';
import { sendError } from '@parley/service-kit';

/**
 * A refused widget page is usually seen by a person (inside the iframe, or a developer opening
 * the URL), so browsers get a short HTML page with the code; API clients get the usual JSON
 * error. Anything that is not a client error goes on to the shared error handler.
 */
export function sendRefusal(
  request: FastifyRequest,
  reply: FastifyReply,
  err: unknown,
  render: (e: { statusCode: number; code: string; message: string }) => string,
): FastifyReply {
  if (!(err instanceof AppError)) throw err;
  if (!/\btext\/html\b/.test(String(request.headers.accept ?? ''))) return sendError(reply, request, err);
  if (err.headers) reply.headers(err.headers);
  return reply
    .code(err.statusCode)
    .header('x-error-code', err.code)
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'")
    .type('text/html; charset=utf-8')
    .send(render({ statusCode: err.statusCode, code: err.code, message: err.message }));
}
