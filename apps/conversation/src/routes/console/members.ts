import type { FastifyInstance } from 'fastify';
import {
  AppError,
  CreateMemberBody,
  ErrorCode,
  errorResponses,
  IdParams,
  MemberList,
  MemberView,
  notFound,
  UpdateMemberBody,
  type UserRole,
} from '@parley/contracts';
import { hasRole } from '@parley/auth';
import { createRepositories, normalizeEmail } from '@parley/db';
import { hashPassword, validatePasswordPolicy } from '@parley/security';
import { SESSION_SECURITY, SESSION_WRITE_SECURITY } from '../inbox-context';

const TAGS = ['console-team'];

type UserRow = { id: string; email: string; displayName: string; role: UserRole; deactivatedAt: Date | null; lastLoginAt: Date | null; createdAt: Date };
const toView = (u: UserRow): MemberView => ({
  id: u.id,
  email: u.email,
  display_name: u.displayName,
  role: u.role,
  active: u.deactivatedAt === null,
  deactivated_at: u.deactivatedAt?.toISOString() ?? null,
  last_login_at: u.lastLoginAt?.toISOString() ?? null,
  created_at: u.createdAt.toISOString(),
});

const ownersOnly = () => new AppError(403, ErrorCode.INSUFFICIENT_ROLE, 'Only an owner can make owners or change them');

/**
 * `/api/console/members`: the team and its roles. Users are deactivated, never deleted, so the
 * `sender_id` of their old messages keeps meaning someone. Owners are made and changed by owners
 * only; nobody changes their own role or deactivates themselves (no locking yourself out).
 */
export async function memberRoutes(app: FastifyInstance) {
  const repos = createRepositories(app.db);

  app.get(
    '/',
    { schema: { tags: TAGS, operationId: 'listMembers', security: SESSION_SECURITY, response: { 200: MemberList, ...errorResponses(401, 403) } } },
    async (request) => ({ members: (await repos.users.list((await request.loadAgent())!.orgId)).map(toView) }),
  );

  app.post(
    '/',
    {
      schema: {
        tags: TAGS,
        operationId: 'createMember',
        summary: 'Add a team member with a first password',
        security: SESSION_WRITE_SECURITY,
        body: CreateMemberBody,
        response: { 201: MemberView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const me = (await request.loadAgent())!;
      const body = request.body as CreateMemberBody;
      if (body.role === 'owner' && !hasRole(me.role, 'owner')) throw ownersOnly();
      const problem = validatePasswordPolicy(body.password);
      if (problem) throw new AppError(400, ErrorCode.VALIDATION_FAILED, problem, [{ path: 'body/password', message: problem }]);
      // A taken e-mail (unique platform-wide) fails on the index: 409 ALREADY_EXISTS.
      const user = await repos.users.create(me.orgId, {
        email: body.email,
        displayName: body.display_name?.trim() ?? normalizeEmail(body.email).split('@')[0]!,
        role: body.role,
        passwordHash: await hashPassword(body.password),
      });
      return reply.code(201).send(toView(user));
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: TAGS,
        operationId: 'updateMember',
        summary: 'Rename, change the role of, deactivate or reactivate a member',
        description: 'A role change or deactivation ends the member\'s sessions at once; deactivation also returns their open conversations to the unassigned queue.',
        security: SESSION_WRITE_SECURITY,
        params: IdParams,
        body: UpdateMemberBody,
        response: { 200: MemberView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const me = (await request.loadAgent())!;
      const { id } = request.params as IdParams;
      const body = request.body as UpdateMemberBody;
      const target = await repos.users.findById(me.orgId, id);
      if (!target) throw notFound('Member', ErrorCode.NOT_FOUND);
      const roleChanges = body.role !== undefined && body.role !== target.role;
      const deactivates = body.active === false && target.deactivatedAt === null;
      if (id === me.userId && (roleChanges || body.active === false)) {
        throw new AppError(403, ErrorCode.FORBIDDEN, 'You cannot change your own role or deactivate yourself');
      }
      if ((target.role === 'owner' || body.role === 'owner') && (roleChanges || deactivates) && !hasRole(me.role, 'owner')) throw ownersOnly();

      const updated = await repos.users.update(me.orgId, id, {
        ...(body.display_name !== undefined ? { displayName: body.display_name.trim() } : {}),
        ...(body.role !== undefined ? { role: body.role } : {}),
        ...(body.active !== undefined ? { deactivatedAt: body.active ? null : (target.deactivatedAt ?? new Date()) } : {}),
      });
      // Sessions carry the role they were opened with: end them so the change applies now.
      if (roleChanges || deactivates) await app.sessions.destroyAllForUser(id);
      if (deactivates) await repos.sessions.releaseAgent(me.orgId, id);
      return toView(updated!);
    },
  );
}
