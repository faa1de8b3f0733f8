import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode, type UserRole } from '@parley/contracts';
import { constantTimeEqual } from '@parley/security';
import { hasRole } from './roles';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrftoken';


/**
 * The one guard for cookie-authenticated routes: a live session (401), a role at least
 * `role` (403), and on every state-changing method a matching `X-CSRFToken` (403). Putting CSRF
 * inside the session guard means no cookie-authenticated write can forget it.
 */
export function requireAgent(role: UserRole = 'agent') {
  return async function agentGuard(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const agent = await request.loadAgent();
    if (!agent) throw new AppError(401, ErrorCode.UNAUTHENTICATED, 'Log in first: no valid session');
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      const token = Array.isArray(header) ? header[0] : header;
      if (!token || !constantTimeEqual(token, agent.csrfToken)) {
        throw new AppError(403, ErrorCode.CSRF_INVALID, 'Missing or invalid X-CSRFToken header');
      }
    }
    if (!hasRole(agent.role, role)) {
      throw new AppError(403, ErrorCode.INSUFFICIENT_ROLE, `This needs the ${role} role`);
    }
  };
}

/** Server-to-server routes: `Authorization: Bearer <api key>` with the given scope. */
export function requireApiKey(scope: string) {
  return async function apiKeyGuard(request: FastifyRequest): Promise<void> {
    const key = await request.loadApiKey();
    if (!key) throw new AppError(401, ErrorCode.API_KEY_INVALID, 'A valid API key is required (Authorization: Bearer <key>)');
    if (!key.scopes.includes(scope)) {
      throw new AppError(403, ErrorCode.INSUFFICIENT_SCOPE, `This API key lacks the ${scope} scope`);
    }
  };
}
