// The other side of the widget in browser tests: an agent (REST API with session + CSRF, and a
// Socket.IO connection as the inbox has), an admin for bot settings, and the integrator's
// backend for identity assertions. All through the edge, as a real deployment is used.
import { io, type Socket } from 'socket.io-client';
import type { RunningPlatform } from '@parley/testing';

export interface AgentSession {
  userId: string;
  displayName: string;
  cookie: string;
  csrf: string;
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function login(platform: RunningPlatform, who: 'agent' | 'admin'): Promise<AgentSession> {
  const res = await fetch(`${platform.edgeUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(platform.state[who]),
  });
  const body = await json<{ user: { id: string; display_name: string }; csrf_token: string }>(res, 'login');
  const cookie = res.headers.getSetCookie().map((c) => c.split(';', 1)[0]).join('; ');
  return { userId: body.user.id, displayName: body.user.display_name, cookie, csrf: body.csrf_token };
}

/** What an agent does in the inbox, through the agent REST API (reference: Assignment, Send Message). */
export function agentApi(platform: RunningPlatform, session: AgentSession) {
  const post = (path: string, body?: unknown) =>
    fetch(`${platform.edgeUrl}${path}`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrftoken': session.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    assign: async (conversationId: string) => json(await post(`/api/conversations/${conversationId}/assign`), 'assign'),
    send: async (conversationId: string, message: { content: string; content_type?: string; rich_media?: unknown }) =>
      json<{ id: string; seq: number }>(await post(`/api/conversations/${conversationId}/messages`, message), 'agent message'),
    conversation: async (conversationId: string) =>
      json<{ id: string; end_user: { display_name: string | null; external_id: string } }>(
        await fetch(`${platform.edgeUrl}/api/conversations/${conversationId}`, { headers: { cookie: session.cookie } }),
        'get conversation',
      ),
    patchBot: async (botId: string, body: unknown) =>
      json(
        await fetch(`${platform.edgeUrl}/api/console/bots/${botId}`, {
          method: 'PATCH',
          headers: { cookie: session.cookie, 'x-csrftoken': session.csrf, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
        'patch bot',
      ),
  };
}

/** The agent's live connection, as the inbox opens it: session cookie, from the console origin. */
export async function agentSocket(platform: RunningPlatform, session: AgentSession): Promise<Socket> {
  const socket = io(platform.edgeUrl, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { origin: platform.edgeUrl, cookie: session.cookie },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

export async function emitAck(socket: Socket, event: string, data: unknown): Promise<unknown> {
  const answer = (await socket.timeout(5_000).emitWithAck(event, data)) as { ok: boolean; data?: unknown; error?: { code: string } };
  if (!answer.ok) throw new Error(`${event} refused: ${answer.error?.code}`);
  return answer.data;
}

/** The integrator's backend asks Parley to sign an identity assertion (POST /v1/auth/token). */
export async function identityAssertion(platform: RunningPlatform, user: { user_id: string; name?: string }): Promise<string> {
  const app = platform.state.app as { client_id: string; client_secret: string };
  const res = await fetch(`${platform.edgeUrl}/v1/auth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${app.client_id}:${app.client_secret}`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  return (await json<{ jwt: string }>(res, 'identity assertion')).jwt;
}
