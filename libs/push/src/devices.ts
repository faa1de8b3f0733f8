import { AppError, ErrorCode, notFound, type DeviceView, type PushPlatform } from '@parley/contracts';
import { channelRepository, conversationRepository, deviceRepository, type Db, type DeviceOutcome, type OrgId } from '@parley/db';

/** Whose device it is: what a verified widget token says (REST or socket). */
export interface DeviceOwner {
  orgId: OrgId;
  endUserId: string;
  botId: string;
  /** The token's channel; used when it is the mobile channel, else the bot's mobile channel is. */
  channelId?: string;
}

/** The widget token's claims, as @parley/auth's `WidgetAuth` carries them. */
export interface WidgetClaimsLike {
  orgId: OrgId;
  botId: string;
  conversationId: string;
  channelId?: string;
  endUserId?: string;
}

/** Tokens minted before `eu` was a claim still name their conversation, whose end user is the owner. */
export async function deviceOwnerFromWidget(db: Db, claims: WidgetClaimsLike): Promise<DeviceOwner> {
  let endUserId = claims.endUserId;
  if (!endUserId) {
    const conversation = await conversationRepository(db).findById(claims.orgId, claims.conversationId);
    if (!conversation) throw notFound('Conversation', ErrorCode.CONVERSATION_NOT_FOUND);
    endUserId = conversation.endUserId;
  }
  return { orgId: claims.orgId, endUserId, botId: claims.botId, ...(claims.channelId ? { channelId: claims.channelId } : {}) };
}

/**
 * The mobile channel whose credentials will push to this device. An app embedding the web
 * widget carries a webchat token, so the bot's mobile channel is used then.
 */
async function mobileChannelOf(db: Db, owner: DeviceOwner): Promise<string> {
  const channels = channelRepository(db);
  if (owner.channelId) {
    const own = await channels.findById(owner.orgId, owner.channelId);
    if (own?.type === 'mobile_sdk') return own.id;
  }
  const mobile = await channels.findForBot(owner.orgId, owner.botId, 'mobile_sdk');
  if (!mobile) throw new AppError(409, ErrorCode.MOBILE_CHANNEL_MISSING, 'This bot has no mobile channel: an admin creates one before apps can register for pushes');
  return mobile.id;
}

export const toDeviceView = (d: { id: string; platform: PushPlatform; channelId: string; active: boolean; lastRegisteredAt: Date }): DeviceView => ({
  id: d.id,
  platform: d.platform,
  channel_id: d.channelId,
  active: d.active,
  registered_at: d.lastRegisteredAt.toISOString(),
});

/**
 * Registers (or re-registers) a push token for an end user: the same token twice is one device,
 * and a token already held by another end user moves to this one. A deactivated token that the
 * app registers again is active again. Used by `POST /v1/push/devices` and the gateway's socket.
 */
export async function registerDevice(db: Db, owner: DeviceOwner, input: { platform: PushPlatform; token: string }): Promise<{ device: DeviceView; outcome: DeviceOutcome }> {
  const channelId = await mobileChannelOf(db, owner);
  const { device, outcome } = await deviceRepository(db).register(owner.orgId, { endUserId: owner.endUserId, channelId, platform: input.platform, token: input.token });
  return { device: toDeviceView(device), outcome };
}

/** The app logged out or turned pushes off. False when the token is not this end user's. */
export function unregisterDevice(db: Db, owner: Pick<DeviceOwner, 'orgId' | 'endUserId'>, input: { platform: PushPlatform; token: string }): Promise<boolean> {
  return deviceRepository(db).unregister(owner.orgId, owner.endUserId, input.platform, input.token);
}
