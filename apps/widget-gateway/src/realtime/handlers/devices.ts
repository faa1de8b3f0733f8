import { AppError, ErrorCode, badRequest, type ClientEventPayload } from '@parley/contracts';
import { registerDevice, unregisterDevice, type DeviceOwner } from '@parley/push';
import { endUserGrant } from '../access';
import type { HandlerContext } from '../realtime-deps';

type DeviceEvent = ClientEventPayload<'register_device'>;

/** The end user the device belongs to: the one this connection proved it speaks for. */
async function ownerOf(ctx: HandlerContext, data: DeviceEvent): Promise<DeviceOwner> {
  const token = ctx.client.identity.kind === 'visitor' ? ctx.client.identity.token : null;
  const conversationId = data.conversation_id ?? token?.conversationId;
  if (!conversationId) throw badRequest('conversation_id is required', [{ path: 'conversation_id', message: 'required' }]);
  const grant = await endUserGrant(ctx, conversationId, data.external_id);
  if (!grant.botId) throw new AppError(409, ErrorCode.MOBILE_CHANNEL_MISSING, 'This conversation has no bot, so no mobile channel');
  return {
    orgId: grant.orgId,
    endUserId: grant.endUserId,
    botId: grant.botId,
    ...(token?.conversationId === conversationId && token.channelId ? { channelId: token.channelId } : {}),
  };
}

/** `register_device`: the same rules as `POST /v1/push/devices` (duplicates merged, one end user per token). */
export async function registerDeviceEvent(ctx: HandlerContext, data: DeviceEvent) {
  const { device, outcome } = await registerDevice(ctx.deps.db, await ownerOf(ctx, data), { platform: data.platform, token: data.token });
  return { device, outcome };
}

export async function unregisterDeviceEvent(ctx: HandlerContext, data: DeviceEvent) {
  const removed = await unregisterDevice(ctx.deps.db, await ownerOf(ctx, data), { platform: data.platform, token: data.token });
  if (!removed) throw new AppError(404, ErrorCode.NOT_FOUND, 'No such device for this end user');
  return { unregistered: true };
}
