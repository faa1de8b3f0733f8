import type { FastifyInstance } from 'fastify';
import { AppError, ErrorCode, LoginBody, LoginResponse, ErrorBody, type CurrentUser } from '@parley/contracts';
import { userRepository } from '@parley/db';
import { hashPassword, passwordNeedsRehash, verifyPassword } from '@parley/security';
import { createLoginThrottle } from './login-throttle';

/**
 * A real hash to verify against when the e-mail is unknown, so "no such user" takes as long as
 * "wrong password" and the response time does not reveal which addresses have accounts.
 */
let decoyHash: Promise<string> | undefined;
const decoy = () => (decoyHash ??= hashPassword('decoy password that never matches'));

export const toCurrentUser = (user: { id: string; email: string; displayName: string; role: CurrentUser['role']; organizationId: string }): CurrentUser => ({
  id: user.id,
  email: user.email,
  display_name: user.displayName,
  role: user.role,
  organization_id: user.organizationId,
});

export async function loginRoute(app: FastifyInstance) {
  const users = userRepository(app.db);
  const throttle = createLoginThrottle(app);

  app.post(
    '/login',
    {
      schema: {
        tags: ['session'],
        operationId: 'login',
        body: LoginBody,
        response: { 200: LoginResponse, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body as LoginBody;
      await throttle.assertAllowed(request);
      const user = await users.findForLogin(email);
      const ok = await verifyPassword(user?.passwordHash ?? (await decoy()), password);
      if (!user || !ok || user.deactivatedAt) {
        await throttle.recordFailure(request);
        throw new AppError(401, ErrorCode.INVALID_CREDENTIALS, 'E-mail or password is wrong');
      }
      await users.recordLogin(user.id, passwordNeedsRehash(user.passwordHash) ? await hashPassword(password) : undefined);
      const { sessionId, session } = await app.sessions.create({ id: user.id, orgId: user.organizationId, role: user.role });
      reply.setCookie(app.sessionCookie.name, sessionId, app.sessionCookie.options);
      return { user: toCurrentUser(user), csrf_token: session.csrfToken };
    },
  );
}
