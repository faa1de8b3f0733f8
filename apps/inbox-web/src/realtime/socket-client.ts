import { io, type Socket } from 'socket.io-client';
import type { AckPayload, ServerEventPayload } from '../api/types';
import type { ClientEventName, ClientEventPayload, ServerEventName } from '@parley/contracts';
import { createStore } from '../lib/store';

export type ConnectionState = 'connecting' | 'online' | 'offline';

/** What the socket refused, with the server's stable code (`ALREADY_ASSIGNED`, `NO_OPEN_SESSION`, ...). */
export class RealtimeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RealtimeError';
  }
}

const ACK_TIMEOUT_MS = 10_000;

/**
 * The inbox's one Socket.IO connection, through the same origin as the page (the edge routes
 * `/socket.io/` to the gateway), signed in by the session cookie. WebSocket first, long-polling
 * if a proxy refuses it. Reconnection is Socket.IO's own (backoff up to 5 s); what must happen on
 * every (re)connect — joining rooms, resuming the open conversation — is registered with
 * `onConnect`, so a reconnect is handled exactly like the first connect.
 */
export class RealtimeClient {
  readonly state = createStore<{ connection: ConnectionState }>({ connection: 'connecting' });
  private readonly socket: Socket;
  private readonly connectHandlers = new Set<() => void>();

  constructor(url: string = location.origin) {
    this.socket = io(url, {
      path: '/socket.io/',
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      withCredentials: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    this.socket.on('connect', () => {
      this.state.set({ connection: 'online' });
      for (const handler of this.connectHandlers) handler();
    });
    this.socket.on('disconnect', () => this.state.set({ connection: 'offline' }));
    this.socket.on('connect_error', () => this.state.set({ connection: 'offline' }));
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Runs now if connected, and after every reconnect. */
  onConnect(handler: () => void): () => void {
    this.connectHandlers.add(handler);
    if (this.socket.connected) handler();
    return () => this.connectHandlers.delete(handler);
  }

  on<E extends ServerEventName>(event: E, handler: (payload: ServerEventPayload<E>) => void): () => void {
    const listener = handler as (...args: unknown[]) => void;
    this.socket.on(event as string, listener);
    return () => this.socket.off(event as string, listener);
  }

  /** Emits and waits for the acknowledgement: its data, or a RealtimeError (code `TIMEOUT` if none came). */
  request<T, E extends ClientEventName = ClientEventName>(event: E, payload: ClientEventPayload<E>, timeoutMs = ACK_TIMEOUT_MS): Promise<T> {
    return new Promise((resolve, reject) => {
      this.socket.timeout(timeoutMs).emit(event, payload, (err: Error | null, ack: AckPayload) => {
        if (err) return reject(new RealtimeError('TIMEOUT', 'The server did not answer in time.'));
        if (ack.ok) resolve(ack.data as T);
        else reject(new RealtimeError(ack.error.code, ack.error.message));
      });
    });
  }

  close(): void {
    this.connectHandlers.clear();
    this.socket.disconnect();
  }
}
