import { AppError, ErrorCode, notFound, type ApnsCredentialBody, type FcmCredentialBody, type PushCredentialView, type PushPlatform } from '@parley/contracts';
import { channelRepository, pushCredentialAad, pushCredentialRepository, type Db, type OrgId } from '@parley/db';
import type { CipherKeyring } from '@parley/security';
import { validateApnsCredential } from './apns-credential';
import { validateFcmCredential, type ValidatedCredential } from './fcm-credential';

type ListedCredential = Awaited<ReturnType<ReturnType<typeof pushCredentialRepository>['list']>>[number];

export function toCredentialView(row: ListedCredential): PushCredentialView {
  const details = Object.fromEntries(
    Object.entries((row.metadata ?? {}) as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return {
    platform: row.platform,
    fingerprint: row.fingerprint,
    deprecated: row.deprecated,
    details,
    environment: row.apnsEnvironment,
    updated_at: row.updatedAt.toISOString(),
  };
}

/** Credentials live on mobile channels only (reference: Integration → Mobile SDK → {channel}). */
async function mobileChannel(db: Db, orgId: OrgId, channelId: string) {
  const channel = await channelRepository(db).findById(orgId, channelId);
  if (!channel) throw notFound('Channel');
  if (channel.type !== 'mobile_sdk') throw new AppError(409, ErrorCode.CONFLICT, 'Push credentials belong to a mobile channel (type mobile_sdk)');
  return channel;
}

async function save(db: Db, cipher: CipherKeyring, orgId: OrgId, channelId: string, platform: PushPlatform, v: ValidatedCredential<object>) {
  await mobileChannel(db, orgId, channelId);
  const row = await pushCredentialRepository(db).save(orgId, channelId, platform, {
    secretEnc: cipher.encrypt(JSON.stringify(v.secret), pushCredentialAad(channelId, platform)),
    fingerprint: v.fingerprint,
    metadata: v.metadata,
    apnsEnvironment: 'environment' in v.secret ? (v.secret.environment as 'sandbox' | 'production') : null,
    deprecated: v.deprecated,
  });
  if (!row) throw notFound('Channel');
  return toCredentialView(row);
}

/**
 * Saving, listing and removing a mobile channel's push credentials: the console routes and the
 * admin CLI both call these. Validation happens before anything is stored; the secret is sealed
 * with ENCRYPTION_KEYS and bound to its channel and platform, and only a fingerprint comes back.
 */
export const pushCredentials = {
  // async, so a refusal is a rejected promise like every other failure, never a synchronous throw.
  saveFcm: async (db: Db, cipher: CipherKeyring, orgId: OrgId, channelId: string, body: FcmCredentialBody) =>
    save(db, cipher, orgId, channelId, 'fcm', validateFcmCredential(body)),
  saveApns: async (db: Db, cipher: CipherKeyring, orgId: OrgId, channelId: string, body: ApnsCredentialBody) =>
    save(db, cipher, orgId, channelId, 'apns', validateApnsCredential(body)),
  async list(db: Db, orgId: OrgId, channelId: string): Promise<PushCredentialView[]> {
    await mobileChannel(db, orgId, channelId);
    return (await pushCredentialRepository(db).list(orgId, channelId)).map(toCredentialView);
  },
  async remove(db: Db, orgId: OrgId, channelId: string, platform: PushPlatform): Promise<void> {
    await mobileChannel(db, orgId, channelId);
    if (!(await pushCredentialRepository(db).remove(orgId, channelId, platform))) throw notFound('Push credential');
  },
};
