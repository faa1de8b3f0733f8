import { RealtimeClient } from './socket-client';

/** The signed-in app's one connection: opened at sign-in, closed at sign-out. */
let current: RealtimeClient | null = null;

export function openRealtime(): RealtimeClient {
  current?.close();
  current = new RealtimeClient();
  return current;
}

export function closeRealtime(): void {
  current?.close();
  current = null;
}

export function realtime(): RealtimeClient {
  if (!current) throw new Error('not connected: openRealtime() first');
  return current;
}
