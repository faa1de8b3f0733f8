import type { PushPlatform } from '@parley/contracts';
import { pushCredentialAad, pushCredentialRepository, type Db, type OrgId } from '@parley/db';
import type { CipherKeyring } from '@parley/security';
import type { ApnsSecret } from './apns-credential';
import type { FcmServiceAccount, FcmSecret } from './fcm-credential';

/** A credential ready to send with, or why a channel cannot send on that platform. */
export type SendingCredential =
  | { usable: true; platform: 'fcm'; channelId: string; account: FcmServiceAccount }
  | { usable: true; platform: 'apns'; channelId: string; apns: ApnsSecret }
  | { usable: false; platform: PushPlatform; channelId: string; reason: string };

interface Entry {
  loadedAt: number;
  /** A promise, so the jobs of a burst that all miss wait for one read instead of each making one. */
  byPlatform: Promise<Map<PushPlatform, SendingCredential>>;
}

/** How long a decrypted credential is reused before the row is read again. */
export const CREDENTIAL_CACHE_TTL_MS = 30_000;

/**
 * Decrypted credentials per channel, held for a short while: a burst of pushes to one app reads
 * and decrypts its credential once, not once per job. A saved or removed credential takes effect
 * within CREDENTIAL_CACHE_TTL_MS on every node.
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly db: Db,
    private readonly cipher: CipherKeyring,
    private readonly clock: () => number = Date.now,
    private readonly ttlMs = CREDENTIAL_CACHE_TTL_MS,
  ) {}

  async get(orgId: OrgId, channelId: string, platform: PushPlatform): Promise<SendingCredential> {
    const now = this.clock();
    let entry = this.entries.get(channelId);
    if (!entry || now - entry.loadedAt > this.ttlMs) {
      const loading = this.load(orgId, channelId);
      entry = { loadedAt: now, byPlatform: loading };
      this.entries.set(channelId, entry);
      // A failed read is not cached: the next job tries again.
      loading.catch(() => this.entries.get(channelId)?.byPlatform === loading && this.entries.delete(channelId));
    }
    const found = (await entry.byPlatform).get(platform);
    return found ?? { usable: false, platform, channelId, reason: `the channel has no ${platform} credential` };
  }

  private async load(orgId: OrgId, channelId: string): Promise<Map<PushPlatform, SendingCredential>> {
    const rows = await pushCredentialRepository(this.db).forSending(orgId, [channelId]);
    const out = new Map<PushPlatform, SendingCredential>();
    for (const row of rows) out.set(row.platform, this.open(row.channelId, row.platform, row.secretEnc));
    return out;
  }

  private open(channelId: string, platform: PushPlatform, secretEnc: string): SendingCredential {
    let secret: FcmSecret | ApnsSecret;
    try {
      secret = JSON.parse(this.cipher.decrypt(secretEnc, pushCredentialAad(channelId, platform))) as FcmSecret | ApnsSecret;
    } catch (err) {
      return { usable: false, platform, channelId, reason: `the credential cannot be decrypted: ${(err as Error).message}` };
    }
    if (secret.platform === 'apns') return { usable: true, platform: 'apns', channelId, apns: secret };
    if (!secret.serviceAccount) {
      return { usable: false, platform, channelId, reason: 'only a legacy FCM server key is stored: the legacy API is shut down, upload a service account' };
    }
    return { usable: true, platform: 'fcm', channelId, account: secret.serviceAccount };
  }
}
