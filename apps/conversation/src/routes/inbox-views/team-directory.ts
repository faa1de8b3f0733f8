import type { FastifyInstance } from 'fastify';
import { errorResponses, TeamDirectory } from '@parley/contracts';
import { presenceSubject, PresenceStore } from '@parley/bus';
import { SESSION_SECURITY } from '../inbox-context';
import { activeMembers } from './inbox-view-queries';

/**
 * `/api/inbox/team`: every agent needs colleagues' names ("assigned to Ana") and who is online,
 * which the admins-only `/api/console/members` does not give them. No e-mails here: agents see
 * names and roles, not contact details. Presence then follows `agent_status_changed` live.
 */
export async function teamDirectoryRoutes(app: FastifyInstance) {
  const presence = new PresenceStore(app.redis, app.redisNs);

  app.get(
    '/team',
    {
      schema: {
        tags: ['inbox'],
        operationId: 'getTeamDirectory',
        summary: 'Active team members with their role and whether they are online now',
        security: SESSION_SECURITY,
        response: { 200: TeamDirectory, ...errorResponses(401) },
      },
    },
    async (request) => {
      const { orgId } = (await request.loadAgent())!;
      const members = await activeMembers(app.db, orgId);
      const online = await presence.areOnline(members.map((m) => presenceSubject.agent(orgId, m.id)));
      return { members: members.map((m, i) => ({ ...m, online: online[i] ?? false })) };
    },
  );
}
