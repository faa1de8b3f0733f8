import type { FastifyInstance } from 'fastify';
import { loginRoute } from './login';
import { sessionRoutes } from './session-routes';

/** `/auth/*`: agent and admin login sessions. */
export async function authSessionRoutes(app: FastifyInstance) {
  await app.register(loginRoute);
  await app.register(sessionRoutes);
}
