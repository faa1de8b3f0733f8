import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';

export type PushPlatformName = 'fcm' | 'apns';

export interface PushCredentialInput {
  /** The encrypted envelope, sealed with `pushCredentialAad(channelId, platform)`. */
  secretEnc: string;
  fingerprint: string;
  metadata: Record<string, string>;
  apnsEnvironment: 'sandbox' | 'production' | null;
  deprecated: boolean;
}

/**
 * The associated data a credential is sealed with: a ciphertext copied onto another channel's
 * row, or swapped between platforms, no longer decrypts.
 */
export const pushCredentialAad = (channelId: string, platform: PushPlatformName): string => `push_credentials:${channelId}:${platform}`;

/** Listings never select `secretEnc`. */
const listed = { platform: true, fingerprint: true, metadata: true, apnsEnvironment: true, deprecated: true, updatedAt: true } as const;

export function pushCredentialRepository(db: Db) {
  return {
    /** One credential per channel and platform: saving again replaces it. Null if the channel is not this organization's. */
    async save(orgId: OrgId, channelId: string, platform: PushPlatformName, input: PushCredentialInput) {
      const channel = await db.channel.findFirst({ where: { id: channelId, organizationId: orgId }, select: { id: true } });
      if (!channel) return null;
      const data = { ...input, metadata: input.metadata as Prisma.InputJsonValue };
      return db.pushCredential.upsert({
        where: { channelId_platform: { channelId, platform } },
        create: { ...data, organizationId: orgId, channelId, platform },
        update: data,
        select: listed,
      });
    },
    list(orgId: OrgId, channelId: string) {
      return db.pushCredential.findMany({ where: { organizationId: orgId, channelId }, select: listed, orderBy: { platform: 'asc' } });
    },
    async remove(orgId: OrgId, channelId: string, platform: PushPlatformName): Promise<boolean> {
      const { count } = await db.pushCredential.deleteMany({ where: { organizationId: orgId, channelId, platform } });
      return count > 0;
    },
    /** What the push worker sends with: secrets included, only for the channels asked for. */
    forSending(orgId: OrgId, channelIds: string[]) {
      return db.pushCredential.findMany({
        where: { organizationId: orgId, channelId: { in: channelIds } },
        select: { channelId: true, platform: true, secretEnc: true, metadata: true, apnsEnvironment: true, deprecated: true, updatedAt: true },
      });
    },
  };
}
