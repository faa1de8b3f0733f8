import type { FastifyInstance } from 'fastify';
import {
  AppError,
  ChangePasswordBody,
  ChangePasswordResponse,
  CsrfResponse,
  ErrorBody,
  ErrorCode,
  MeResponse,
} from '@parley/contracts';
import { requireAgent } from '@parley/auth';
import { organizationRepository, userRepository } from '@parley/db';
import { hashPassword, validatePasswordPolicy, verifyPassword } from '@parley/security';
import { toCurrentUser } from './login';

const errors = { 401: ErrorBody, 403: ErrorBody };

/** The logged-in agent's own session: who am I, the CSRF token, logout, password change. */
export async function sessionRoutes(app: FastifyInstance) {
  const users = userRepository(app.db);
  const orgs = organizationRepository(app.db);

  app.get(
    '/me',
    { preHandler: requireAgent(), schema: { tags: ['session'], operationId: 'getMe', response: { 200: MeResponse, ...errors } } },
    async (request) => {
      const agent = (await request.loadAgent())!;
      const [user, org] = await Promise.all([users.findById(agent.orgId, agent.userId), orgs.findById(agent.orgId)]);
      // A user deleted or deactivated since login has no business keeping a session.
      if (!user || !org || user.deactivatedAt) {
        await app.sessions.destroy(agent.sessionId, agent.userId);
        throw new AppError(401, ErrorCode.SESSION_EXPIRED, 'Your session has ended: log in again');
      }
      return {
        user: toCurrentUser(user),
        organization: { id: org.id, name: org.name, slug: org.slug },
        session: { expires_at: agent.expiresAt },
      };
    },
  );

  app.get(
    '/csrf',
    { preHandler: requireAgent(), schema: { tags: ['session'], operationId: 'getCsrfToken', response: { 200: CsrfResponse, ...errors } } },
    async (request) => ({ csrf_token: (await request.loadAgent())!.csrfToken }),
  );

  app.post(
    '/logout',
    { preHandler: requireAgent(), schema: { tags: ['session'], operationId: 'logout', response: { 204: { type: 'null' }, ...errors } } },
    async (request, reply) => {
      const agent = (await request.loadAgent())!;
      await app.sessions.destroy(agent.sessionId, agent.userId);
      reply.clearCookie(app.sessionCookie.name, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.post(
    '/password',
    {
      preHandler: requireAgent(),
      schema: {
        tags: ['session'],
        operationId: 'changePassword',
        body: ChangePasswordBody,
        response: { 200: ChangePasswordResponse, 400: ErrorBody, ...errors },
      },
    },
    async (request) => {
      const agent = (await request.loadAgent())!;
      const body = request.body as ChangePasswordBody;
      const user = await users.findById(agent.orgId, agent.userId);
      if (!user || !(await verifyPassword(user.passwordHash, body.current_password))) {
        throw new AppError(400, ErrorCode.INVALID_CREDENTIALS, 'The current password is wrong');
      }
      const problem = validatePasswordPolicy(body.new_password);
      if (problem) throw new AppError(400, ErrorCode.VALIDATION_FAILED, problem);
      await users.setPassword(agent.orgId, agent.userId, await hashPassword(body.new_password));
      // Whoever else held this password (a stolen session, another device) is logged out now.
      const ended = await app.sessions.destroyAllForUser(agent.userId, agent.sessionId);
      return { other_sessions_ended: ended };
    },
  );
}
