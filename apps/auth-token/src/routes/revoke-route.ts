import type { FastifyInstance } from 'fastify';
import { ErrorBody, IdParams } from '@parley/contracts';
import type { Db, OrgId } from '@parley/db';

/**
 * `DELETE /:id` for a credential the admin's organization owns: 204 when revoked (or already),
 * 404 when it is not theirs. The three credential kinds revoke the same way, so they share it.
 */
export function addRevokeRoute(
  app: FastifyInstance,
  opts: { tags: string[]; operationId: string; revoke: (db: Db, orgId: OrgId, id: string) => Promise<unknown> },
): void {
  app.delete(
    '/:id',
    {
      schema: {
        tags: opts.tags,
        operationId: opts.operationId,
        params: IdParams,
        response: { 204: { type: 'null' }, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      await opts.revoke(app.db, (await request.loadAgent())!.orgId, (request.params as IdParams).id);
      return reply.code(204).send();
    },
  );
}
