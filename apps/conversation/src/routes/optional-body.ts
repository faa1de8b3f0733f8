import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * For routes whose body is optional (`POST .../assign` takes none, `.../resolve` an optional
 * `tags`): an absent body, or `Content-Type: application/json` with nothing in it (what many
 * HTTP clients send), counts as `{}` instead of failing validation or JSON parsing. Applies to
 * the encapsulated scope it is called in only.
 */
export function acceptEmptyJsonBodies(scope: FastifyInstance): void {
  // Fastify's own parser for everything else: it also refuses prototype-poisoning keys.
  const parseJson = scope.getDefaultJsonParser('error', 'error');
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if ((body as string).trim() === '') return done(null, undefined);
    parseJson(request, body as string, done);
  });
}

/** preValidation hook: an absent body validates as `{}`. */
export async function emptyBodyAsObject(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}
