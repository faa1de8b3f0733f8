import type { RealtimeClient } from './realtime-client';

/**
 * Room membership on this node, for both transports. Rooms are not shared between nodes: every
 * node hears every room event on the bus and delivers it to its own members, so nothing but
 * the bus needs to know who is connected where.
 */
export class RoomHub {
  private readonly rooms = new Map<string, Set<RealtimeClient>>();

  join(client: RealtimeClient, room: string): void {
    let members = this.rooms.get(room);
    if (!members) this.rooms.set(room, (members = new Set()));
    members.add(client);
    client.rooms.add(room);
  }

  leave(client: RealtimeClient, room: string): void {
    const members = this.rooms.get(room);
    client.rooms.delete(room);
    if (!members) return;
    members.delete(client);
    if (members.size === 0) this.rooms.delete(room);
  }

  leaveAll(client: RealtimeClient): void {
    for (const room of [...client.rooms]) this.leave(client, room);
  }

  members(room: string): ReadonlySet<RealtimeClient> {
    return this.rooms.get(room) ?? EMPTY;
  }

  /** Sends to every member of the room on this node, except the named connection ids. */
  emit(room: string, event: string, payload: unknown, except?: ReadonlySet<string>): void {
    for (const client of this.members(room)) {
      if (!except?.has(client.id)) client.send(event, payload);
    }
  }
}

const EMPTY: ReadonlySet<RealtimeClient> = new Set();
