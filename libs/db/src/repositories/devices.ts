import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';
import { isUniqueViolation } from '../prisma-errors';
import type { PushPlatformName } from './push-credentials';

export interface DeviceInput {
  endUserId: string;
  channelId: string;
  platform: PushPlatformName;
  token: string;
}

/** `moved`: the token was someone else's (another end user, even another organization) until now. */
export type DeviceOutcome = 'created' | 'refreshed' | 'moved';

const view = { id: true, platform: true, channelId: true, active: true, lastRegisteredAt: true } as const;

export function deviceRepository(db: Db) {
  /**
   * A push token is unique per platform and belongs to whoever registered it last: the push
   * service hands it to one app install, so the install that presents it now is its owner (an app
   * reinstalled, or a shared phone where another user signed in). Registering again reactivates it.
   */
  async function register(orgId: OrgId, input: DeviceInput): Promise<{ device: { id: string; platform: PushPlatformName; channelId: string; active: boolean; lastRegisteredAt: Date }; outcome: DeviceOutcome }> {
    const where = { platform_token: { platform: input.platform, token: input.token } };
    const owner = { organizationId: orgId, endUserId: input.endUserId, channelId: input.channelId };
    const fresh = { active: true, deactivatedAt: null, deactivationReason: null, lastRegisteredAt: new Date() };
    for (let round = 0; round < 2; round++) {
      const existing = await db.device.findUnique({ where, select: { organizationId: true, endUserId: true } });
      if (!existing) {
        try {
          const device = await db.device.create({ data: { ...owner, platform: input.platform, token: input.token }, select: view });
          return { device, outcome: 'created' };
        } catch (err) {
          // Registered concurrently (the app retried): the next round updates that row.
          if (!isUniqueViolation(err)) throw err;
          continue;
        }
      }
      const moved = existing.organizationId !== orgId || existing.endUserId !== input.endUserId;
      const device = await db.device.update({ where, data: { ...owner, ...fresh }, select: view });
      return { device, outcome: moved ? 'moved' : 'refreshed' };
    }
    throw new Error('device registration kept conflicting');
  }

  return {
    register,
    /** Only the token's current owner can remove it; anyone else's is simply not found. */
    async unregister(orgId: OrgId, endUserId: string, platform: PushPlatformName, token: string): Promise<boolean> {
      const { count } = await db.device.deleteMany({ where: { organizationId: orgId, endUserId, platform, token } });
      return count > 0;
    },
    listForEndUser(orgId: OrgId, endUserId: string) {
      return db.device.findMany({ where: { organizationId: orgId, endUserId }, select: { ...view, deactivationReason: true }, orderBy: { createdAt: 'asc' } });
    },
    /**
     * FCM or APNs said the token is dead. Only if it was not registered again since the send
     * began (`sentAt`): a token the app re-registered a moment ago may be valid again.
     */
    async deactivate(orgId: OrgId, deviceId: string, reason: string, sentAt: Date): Promise<boolean> {
      const { count } = await db.device.updateMany({
        where: { id: deviceId, organizationId: orgId, active: true, lastRegisteredAt: { lte: sentAt } },
        data: { active: false, deactivatedAt: new Date(), deactivationReason: reason.slice(0, 200) },
      });
      return count > 0;
    },
  };
}
