import type { FastifyInstance } from 'fastify';
import {
  AgentMessage,
  AgentSendBody,
  AppError,
  AssignBody,
  AssignResponse,
  ErrorCode,
  errorResponses,
  IdParams,
  ResolveBody,
  ResolveResponse,
  TagsBody,
  TagsResponse,
} from '@parley/contracts';
import { hasRole } from '@parley/auth';
import { assignConversation, editSessionTags, resolveConversation, sendAgentMessage } from '@parley/inbox';
import { inboxDeps, inboxMeta, SESSION_WRITE_SECURITY } from '../inbox-context';
import { emptyBodyAsObject } from '../optional-body';

const TAGS = ['conversations'];
const common = { tags: TAGS, security: SESSION_WRITE_SECURITY, params: IdParams };

/** Reference: Assignment Process (REST), Resolve Conversation; plus tags and sending over HTTP. */
export async function conversationActionRoutes(app: FastifyInstance) {
  app.post(
    '/:id/assign',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        ...common,
        operationId: 'assignConversation',
        summary: 'Claim the conversation (no body), or, as an admin, give it to `agent_id`',
        body: AssignBody,
        response: { 200: AssignResponse, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const agent = (await request.loadAgent())!;
      const target = (request.body as AssignBody).agent_id;
      const admin = hasRole(agent.role, 'admin');
      if (target && target !== agent.userId && !admin) {
        throw new AppError(403, ErrorCode.INSUFFICIENT_ROLE, 'Only an admin can assign a conversation to someone else');
      }
      const result = await assignConversation(
        inboxDeps(app, request),
        agent.orgId,
        // Naming an agent is an admin's reassignment; otherwise a claim, which loses to a holder.
        { conversationId: (request.params as IdParams).id, agentId: target ?? agent.userId, mode: target && admin ? 'reassign' : 'claim' },
        inboxMeta(request),
      );
      return { id: result.conversationId, assigned_agent_id: result.assignedAgentId, assigned_at: result.assignedAt.toISOString(), session_id: result.sessionId };
    },
  );

  app.post(
    '/:id/resolve',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        ...common,
        operationId: 'resolveConversation',
        summary: 'Close the open session, optionally adding final tags',
        body: ResolveBody,
        response: { 200: ResolveResponse, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const agent = (await request.loadAgent())!;
      const result = await resolveConversation(
        inboxDeps(app, request),
        agent.orgId,
        { conversationId: (request.params as IdParams).id, tags: (request.body as ResolveBody).tags ?? [], resolvedById: agent.userId },
        inboxMeta(request),
      );
      return { id: result.conversationId, session_id: result.sessionId, status: 'resolved' as const, tags: result.tags, resolved_at: result.resolvedAt.toISOString() };
    },
  );

  app.post(
    '/:id/tags',
    {
      schema: {
        ...common,
        operationId: 'editConversationTags',
        summary: 'Add and remove tags on the open session',
        body: TagsBody,
        response: { 200: TagsResponse, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const agent = (await request.loadAgent())!;
      const body = request.body as TagsBody;
      const result = await editSessionTags({ db: app.db }, agent.orgId, { conversationId: (request.params as IdParams).id, ...body });
      return { id: result.conversationId, session_id: result.sessionId, tags: result.tags };
    },
  );

  app.post(
    '/:id/messages',
    {
      schema: {
        ...common,
        operationId: 'sendAgentMessage',
        summary: 'Send a message as the calling agent (text or any rich media type)',
        description: '201 when stored; 200 with the stored message when `client_message_id` was already used for it.',
        body: AgentSendBody,
        response: { 200: AgentMessage, 201: AgentMessage, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const agent = (await request.loadAgent())!;
      const body = request.body as AgentSendBody;
      const sent = await sendAgentMessage(
        inboxDeps(app, request),
        agent.orgId,
        {
          conversationId: (request.params as IdParams).id,
          agentId: agent.userId,
          content: body.content,
          ...(body.content_type ? { contentType: body.content_type } : {}),
          ...(body.rich_media !== undefined ? { richMedia: body.rich_media } : {}),
          ...(body.client_message_id ? { clientMessageId: body.client_message_id } : {}),
        },
        inboxMeta(request),
      );
      return reply.code(sent.duplicate ? 200 : 201).send(sent.message);
    },
  );
}
