import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { VisitorMessageBody, WIDGET_ERROR_RESPONSES, WIDGET_BODY_LIMITS, WidgetMessage } from '@parley/contracts';
import type { OriginPolicy } from '../../origins/origin-policy';
import { requireWidget, widgetAuth } from '../../origins/widget-auth';
import { SseWriter } from './sse-writer';
import { startVisitorTurn } from './visitor-turn';

export interface MessageRouteOptions {
  policy: OriginPolicy;
  /** Comment heartbeats on open streams; 15 s unless a test wants it faster. */
  heartbeatMs: number;
}

const errors = WIDGET_ERROR_RESPONSES;

const SyncReply = Type.Object({
  message: WidgetMessage,
  /** The bot's stored answer; null when a human agent holds the conversation. */
  reply: Type.Union([WidgetMessage, Type.Null()]),
  handoff: Type.Boolean(),
  /** Set when the bot could not answer; `reply` is then the stored fallback message, if any. */
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
});

/**
 * `/v1/widget/messages` and `/messages/stream`: the same turn, answered as one JSON document or
 * as Server-Sent Events (`message`, `token`, `done`, `error`, `handoff`). The per-conversation
 * budget replaces a plain rate limit here, as the reference says.
 */
export async function messageRoutes(app: FastifyInstance, opts: MessageRouteOptions) {
  const common = { onRequest: requireWidget(opts.policy), bodyLimit: WIDGET_BODY_LIMITS.message };

  app.post(
    '/stream',
    {
      ...common,
      schema: {
        tags: ['widget'],
        operationId: 'streamWidgetMessage',
        summary: 'Send a visitor message and stream the answer as Server-Sent Events',
        security: [{ widgetToken: [] }],
        body: VisitorMessageBody,
        response: {
          200: {
            description: 'event: message (the stored visitor message), token ({delta, index}), done (the stored bot message), error ({code, message}), handoff',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const sse = new SseWriter(reply);
      // Everything that can be refused (budget, body) is refused before the stream opens, as JSON.
      const turn = await startVisitorTurn(app, request, request.body as VisitorMessageBody, {
        onDelta: (delta, index) => sse.event('token', { delta, index }),
      });
      reply.hijack();
      sse.open(opts.heartbeatMs);
      sse.event('message', turn.visitor.message);
      if (turn.kind === 'handoff') {
        sse.event('handoff', { conversation_id: (await widgetAuth(request)).conversationId, assigned_agent_id: turn.visitor.assignedAgentId });
        return sse.end();
      }
      // A visitor who closes the widget stops the generation instead of paying for it.
      sse.onClientGone(() => void turn.cancel());
      const result = await turn.done;
      if (result.status === 'error' && result.error) sse.event('error', result.error);
      if (result.message) sse.event('done', result.message);
      if (result.status === 'handoff') sse.event('handoff', { conversation_id: result.conversationId, assigned_agent_id: null });
      sse.end();
    },
  );

  app.post(
    '',
    {
      ...common,
      schema: {
        tags: ['widget'],
        operationId: 'sendWidgetMessage',
        summary: 'Send a visitor message and wait for the whole answer',
        security: [{ widgetToken: [] }],
        body: VisitorMessageBody,
        response: { 200: SyncReply, ...errors },
      },
    },
    async (request) => {
      const turn = await startVisitorTurn(app, request, request.body as VisitorMessageBody, { onDelta: () => undefined });
      if (turn.kind === 'handoff') return { message: turn.visitor.message, reply: null, handoff: true };
      const result = await turn.done;
      return {
        message: turn.visitor.message,
        reply: result.message ?? null,
        handoff: result.status === 'handoff',
        ...(result.status === 'error' && result.error ? { error: result.error } : {}),
      };
    },
  );
}
