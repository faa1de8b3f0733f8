// The live connection: Socket.IO to this page's own origin. Every (re)connect hands the server
// the widget token and the last seq the widget shows, and the server replays what came after
// it before anything live, so a dropped connection loses nothing and repeats nothing.
import { io, type Socket } from 'socket.io-client';
import type { StoredMessage } from './conversation';

export interface ResumePoint {
  token: string;
  conversation_id: string;
  last_seq: number;
}

export interface RealtimeListener {
  connected(): void;
  disconnected(): void;
  /** The server refused the handshake (an expired token, say); it will not retry by itself. */
  refused(code: string): void;
  message(message: StoredMessage & { conversation_id: string }): void;
  delta(replyId: string, index: number, text: string): void;
  typing(senderType: string): void;
  typingCleared(): void;
  read(readerType: string, messageIds: string[]): void;
  error(code: string, retryAfter: number | null): void;
}

export function connectRealtime(resume: () => ResumePoint, listener: RealtimeListener): Socket {
  const socket = io(location.origin, {
    path: '/socket.io/',
    // WebSocket first (no sticky sessions needed behind a load balancer); long-polling if blocked.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    withCredentials: false,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    auth: (cb) => cb(resume()),
  });
  socket.on('connect', () => listener.connected());
  socket.on('disconnect', () => listener.disconnected());
  socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
    if (!socket.active) listener.refused(err.data?.code ?? 'CONNECTION_REFUSED');
  });
  socket.on('message_received', (m: StoredMessage & { conversation_id: string }) => listener.message(m));
  socket.on('message_delta', (d: { reply_id: string; index: number; delta: string }) => listener.delta(d.reply_id, d.index, d.delta));
  socket.on('typing_indicator', (d: { sender_type: string }) => listener.typing(d.sender_type));
  socket.on('typing_cleared', () => listener.typingCleared());
  socket.on('messages_read', (d: { reader_type: string; message_ids: string[] }) => listener.read(d.reader_type, d.message_ids));
  socket.on('error', (e: { code?: string; retry_after?: number }) => listener.error(e.code ?? 'ERROR', e.retry_after ?? null));
  return socket;
}
