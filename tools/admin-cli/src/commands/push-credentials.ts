import { readFile } from 'node:fs/promises';
import { APNS_ENVIRONMENTS, type PushCredentialView, type PushPlatform } from '@parley/contracts';
import type { Db } from '@parley/db';
import { pushCredentials } from '@parley/push';
import type { CipherKeyring } from '@parley/security';
import { defineCommand, requiredFlag, stringFlag, type FlagValues } from '../command';
import { CommandFailedError, UsageError, withCliErrors } from '../errors';
import { resolveMobileChannel } from '../mobile-channel-ref';
import { resolveOrg } from '../org-ref';

/** Which channel: `--org` plus `--channel <id>` or `--bot <id|name>`. */
export interface ChannelRef {
  org: string;
  channel?: string;
  bot?: string;
}

async function readSecretFile(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new CommandFailedError(`cannot read --${flag} ${path}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}

async function target(db: Db, ref: ChannelRef) {
  const org = await resolveOrg(db, ref.org);
  return { orgId: org.id, channel: await resolveMobileChannel(db, org.id, ref) };
}

/** Same rules as `PUT /api/push/channels/:id/credentials/fcm`: the key is read from a file, never from argv. */
export async function setFcmCredentials(db: Db, cipher: CipherKeyring, input: ChannelRef & { serviceAccountFile?: string; serverKey?: string; senderId?: string }): Promise<PushCredentialView> {
  if (!input.serviceAccountFile && !input.serverKey) throw new UsageError('--service-account-file <path> is required (or, deprecated, --server-key with --sender-id)');
  const body = {
    ...(input.serviceAccountFile ? { service_account: await readSecretFile(input.serviceAccountFile, 'service-account-file') } : {}),
    ...(input.serverKey ? { server_key: input.serverKey } : {}),
    ...(input.senderId ? { sender_id: input.senderId } : {}),
  };
  const { orgId, channel } = await target(db, input);
  return withCliErrors(pushCredentials.saveFcm(db, cipher, orgId, channel.id, body));
}

export async function setApnsCredentials(
  db: Db,
  cipher: CipherKeyring,
  input: ChannelRef & { teamId: string; keyId: string; bundleId: string; keyFile: string; environment: string },
): Promise<PushCredentialView> {
  const environment = APNS_ENVIRONMENTS.find((e) => e === input.environment);
  if (!environment) throw new UsageError(`invalid --environment "${input.environment}": use sandbox or production`);
  const body = { team_id: input.teamId, key_id: input.keyId, bundle_id: input.bundleId, private_key: await readSecretFile(input.keyFile, 'key-file'), environment };
  const { orgId, channel } = await target(db, input);
  return withCliErrors(pushCredentials.saveApns(db, cipher, orgId, channel.id, body));
}

export async function listPushCredentials(db: Db, input: ChannelRef): Promise<PushCredentialView[]> {
  const { orgId, channel } = await target(db, input);
  return withCliErrors(pushCredentials.list(db, orgId, channel.id));
}

export async function removePushCredentials(db: Db, input: ChannelRef & { platform: string }): Promise<{ platform: PushPlatform; removed: true }> {
  if (input.platform !== 'fcm' && input.platform !== 'apns') throw new UsageError(`invalid --platform "${input.platform}": use fcm or apns`);
  const { orgId, channel } = await target(db, input);
  await withCliErrors(pushCredentials.remove(db, orgId, channel.id, input.platform));
  return { platform: input.platform, removed: true };
}

const channelFlags = { org: { type: 'string' }, channel: { type: 'string' }, bot: { type: 'string' } } as const;
const CHANNEL_USAGE = '--org <id|slug> (--channel <id> | --bot <id|name>)';
const channelRef = (flags: FlagValues): ChannelRef => ({ org: requiredFlag(flags, 'org', '<id|slug>'), channel: stringFlag(flags, 'channel'), bot: stringFlag(flags, 'bot') });
const describe = (c: PushCredentialView) =>
  `${c.platform}  fingerprint ${c.fingerprint}${c.environment ? `  ${c.environment}` : ''}${c.deprecated ? '  DEPRECATED (legacy key, never sends)' : ''}  ${Object.entries(c.details).map(([k, v]) => `${k}=${v}`).join(' ')}`;

export const setFcmCredentialsCommand = defineCommand({
  name: 'set-fcm-credentials',
  summary: "save a mobile channel's FCM service account (stored encrypted, shown only as a fingerprint)",
  usage: `${CHANNEL_USAGE} (--service-account-file <path.json> | --server-key <key> --sender-id <id>)`,
  flags: { ...channelFlags, 'service-account-file': { type: 'string' }, 'server-key': { type: 'string' }, 'sender-id': { type: 'string' } },
  async run(db, flags, context) {
    const saved = await setFcmCredentials(db, context.cipher(), {
      ...channelRef(flags),
      serviceAccountFile: stringFlag(flags, 'service-account-file'),
      serverKey: stringFlag(flags, 'server-key'),
      senderId: stringFlag(flags, 'sender-id'),
    });
    return { json: { ...saved }, lines: [`saved ${describe(saved)}`] };
  },
});

export const setApnsCredentialsCommand = defineCommand({
  name: 'set-apns-credentials',
  summary: "save a mobile channel's APNs token key (.p8; stored encrypted, shown only as a fingerprint)",
  usage: `${CHANNEL_USAGE} --team-id <id> --key-id <id> --bundle-id <id> --key-file <AuthKey.p8> --environment sandbox|production`,
  flags: { ...channelFlags, 'team-id': { type: 'string' }, 'key-id': { type: 'string' }, 'bundle-id': { type: 'string' }, 'key-file': { type: 'string' }, environment: { type: 'string' } },
  async run(db, flags, context) {
    const saved = await setApnsCredentials(db, context.cipher(), {
      ...channelRef(flags),
      teamId: requiredFlag(flags, 'team-id'),
      keyId: requiredFlag(flags, 'key-id'),
      bundleId: requiredFlag(flags, 'bundle-id'),
      keyFile: requiredFlag(flags, 'key-file', '<path>'),
      environment: requiredFlag(flags, 'environment', 'sandbox|production'),
    });
    return { json: { ...saved }, lines: [`saved ${describe(saved)}`] };
  },
});

export const listPushCredentialsCommand = defineCommand({
  name: 'list-push-credentials',
  summary: "show a mobile channel's push credentials (identifiers and fingerprints, never keys)",
  usage: CHANNEL_USAGE,
  flags: channelFlags,
  async run(db, flags) {
    const credentials = await listPushCredentials(db, channelRef(flags));
    return { json: { credentials }, lines: credentials.length ? credentials.map(describe) : ['no push credentials'] };
  },
});

export const removePushCredentialsCommand = defineCommand({
  name: 'remove-push-credentials',
  summary: "delete a mobile channel's FCM or APNs credential",
  usage: `${CHANNEL_USAGE} --platform fcm|apns`,
  flags: { ...channelFlags, platform: { type: 'string' } },
  async run(db, flags) {
    const removed = await removePushCredentials(db, { ...channelRef(flags), platform: requiredFlag(flags, 'platform', 'fcm|apns') });
    return { json: { ...removed }, lines: [`removed the ${removed.platform} credential`] };
  },
});
