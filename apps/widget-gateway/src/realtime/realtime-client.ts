import type { UserRole } from '@parley/contracts';
import type { OrgId } from '@parley/db';
import type { WidgetClaims } from '@parley/security';

/** Who is on the other end of a connection, as established at the handshake. */
export type Identity =
  | { kind: 'agent'; orgId: OrgId; userId: string; role: UserRole }
  /** An end user's widget or app: known by a widget token, or only by the external ids it presents. */
  | { kind: 'visitor'; token: WidgetClaims | null };

/** A conversation an end-user connection may act in, and as whom. */
export interface EndUserGrant {
  orgId: OrgId;
  conversationId: string;
  botId: string | null;
  endUserId: string;
  externalId: string;
  preview: boolean;
}

/**
 * One connection, whichever transport carries it (Socket.IO or the plain WebSocket endpoint).
 * Handlers and the fan-out only ever talk to this interface.
 */
export interface RealtimeClient {
  /** Unique on this node; `<node>:<id>` is unique everywhere. */
  readonly id: string;
  readonly identity: Identity;
  /** End-user conversations this connection proved it may act in. */
  readonly grants: Map<string, EndUserGrant>;
  /** Rooms joined, for leaving them all on disconnect. */
  readonly rooms: Set<string>;
  send(event: string, payload: unknown): void;
  /** Closes the connection (a slow consumer, or the node shutting down); the client reconnects. */
  drop(reason: string): void;
  /** Bytes or packets waiting to be written, whichever the transport can tell. */
  backlog(): number;
}

export const isAgent = (c: RealtimeClient): c is RealtimeClient & { identity: Extract<Identity, { kind: 'agent' }> } =>
  c.identity.kind === 'agent';
