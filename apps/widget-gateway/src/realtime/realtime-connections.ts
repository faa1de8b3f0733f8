import type { FastifyBaseLogger } from 'fastify';
import type { HandshakeAuth } from '@parley/contracts';
import { dispatch } from './dispatcher';
import type { RealtimeClient } from './realtime-client';
import type { RealtimeDeps } from './realtime-deps';

/** Packets (Socket.IO) or bytes (WebSocket) a connection may have waiting before it is dropped. */
export const MAX_BACKLOG_PACKETS = 2_000;
export const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;
/** Frames and packets above this are refused (the transport closes the connection). */
export const MAX_FRAME_BYTES = 64 * 1024;

/** What both transports do when a connection is established and when it ends. */
export async function connected(deps: RealtimeDeps, client: RealtimeClient, resume: HandshakeAuth): Promise<void> {
  await deps.presence.agentConnected(client);
  if (client.identity.kind === 'visitor' && client.identity.token) {
    const t = client.identity.token;
    if (t.endUserId) await deps.presence.endUserConnected(client, t.orgId, t.endUserId);
  }
  // The handshake may name a conversation to (re)join, with the last seq the client has.
  const conversationId = resume.conversation_id ?? (client.identity.kind === 'visitor' ? client.identity.token?.conversationId : undefined);
  if (conversationId && (resume.conversation_id !== undefined || resume.last_seq !== undefined)) {
    await dispatch(deps, client, 'join_conversation', {
      conversation_id: conversationId,
      ...(resume.external_id !== undefined ? { external_id: resume.external_id } : {}),
      ...(resume.last_seq !== undefined ? { last_seq: resume.last_seq } : {}),
    });
  }
}

export async function disconnected(deps: RealtimeDeps, client: RealtimeClient, log: FastifyBaseLogger): Promise<void> {
  deps.hub.leaveAll(client);
  deps.delivery.closeAll(client);
  await Promise.all([deps.typing.disconnected(client), deps.presence.disconnected(client)]).catch((err: unknown) =>
    log.warn({ err, clientId: client.id }, 'cleanup after a disconnect failed'),
  );
}

/** Sends unless the connection is too far behind: then it is dropped, and it resumes from its seq. */
export function guardedSend(client: Pick<RealtimeClient, 'backlog' | 'drop'>, limit: number, send: () => void): void {
  if (client.backlog() > limit) {
    client.drop('slow consumer: too much unsent data');
    return;
  }
  send();
}
