import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEV_ENCRYPTION_KEYS } from '@parley/config';
import { createCipherKeyring } from '@parley/security';
import { createTestApnsKey, createTestServiceAccount, useTestInfra } from '@parley/testing';
import { CommandFailedError, createBot, createMobileChannel, createOrg, listPushCredentials, removePushCredentials, runCli, setApnsCredentials, setFcmCredentials, UsageError } from '../src';

const infra = useTestInfra();
const cipher = createCipherKeyring(DEV_ENCRYPTION_KEYS);

async function files() {
  const dir = await mkdtemp(path.join(tmpdir(), 'parley-push-cli-'));
  const sa = createTestServiceAccount('cli-project');
  const apns = createTestApnsKey('production');
  const saFile = path.join(dir, 'service-account.json');
  const p8 = path.join(dir, 'AuthKey.p8');
  await writeFile(saFile, JSON.stringify(sa.json));
  await writeFile(p8, apns.body.private_key);
  return { sa, apns, saFile, p8, dir };
}

describe('mobile channel and push credential commands', () => {
  it('creates one mobile channel per bot, saves both credentials from files, lists fingerprints, removes', async () => {
    const org = await createOrg(infra.db, { name: 'Push CLI' });
    await createBot(infra.db, { org: org.slug, name: 'Helper' });
    const first = await createMobileChannel(infra.db, { org: org.slug, bot: 'Helper' });
    expect(first).toMatchObject({ created: true, name: 'Helper app', push_preview_enabled: true });
    expect(await createMobileChannel(infra.db, { org: org.slug, bot: 'Helper' })).toMatchObject({ id: first.id, created: false });

    const f = await files();
    const fcm = await setFcmCredentials(infra.db, cipher, { org: org.slug, bot: 'Helper', serviceAccountFile: f.saFile });
    expect(fcm).toMatchObject({ platform: 'fcm', deprecated: false, details: { project_id: 'cli-project' } });
    const apns = await setApnsCredentials(infra.db, cipher, {
      org: org.slug,
      channel: first.id,
      teamId: f.apns.body.team_id,
      keyId: f.apns.body.key_id,
      bundleId: 'com.example.parley',
      keyFile: f.p8,
      environment: 'production',
    });
    expect(apns).toMatchObject({ platform: 'apns', environment: 'production' });
    const listed = await listPushCredentials(infra.db, { org: org.slug, bot: 'Helper' });
    expect(listed.map((c) => c.fingerprint)).toEqual([fcm.fingerprint, apns.fingerprint]);
    expect(JSON.stringify(listed)).not.toContain('PRIVATE KEY');
    expect(await removePushCredentials(infra.db, { org: org.slug, bot: 'Helper', platform: 'apns' })).toEqual({ platform: 'apns', removed: true });
    await expect(removePushCredentials(infra.db, { org: org.slug, bot: 'Helper', platform: 'apns' })).rejects.toThrow(CommandFailedError);
  });

  it('refuses a malformed key as a usage error, a webchat channel and a missing mobile channel as failures', async () => {
    const org = await createOrg(infra.db, { name: 'Push CLI bad' });
    const bot = await createBot(infra.db, { org: org.slug, name: 'Helper' });
    await expect(setFcmCredentials(infra.db, cipher, { org: org.slug, bot: 'Helper', serviceAccountFile: '/nonexistent.json' })).rejects.toThrow(CommandFailedError);
    await expect(listPushCredentials(infra.db, { org: org.slug, bot: 'Helper' })).rejects.toThrow('has no mobile channel');
    await expect(listPushCredentials(infra.db, { org: org.slug, channel: bot.channel_id })).rejects.toThrow('is a webchat channel');
    await createMobileChannel(infra.db, { org: org.slug, bot: 'Helper' });
    const f = await files();
    await writeFile(f.p8, 'not a key');
    const bad = { org: org.slug, bot: 'Helper', teamId: f.apns.body.team_id, keyId: f.apns.body.key_id, bundleId: 'com.example.parley', keyFile: f.p8, environment: 'sandbox' };
    await expect(setApnsCredentials(infra.db, cipher, bad)).rejects.toThrow(new UsageError('Invalid push credential: private_key cannot be parsed as a PEM private key'));
    await expect(setApnsCredentials(infra.db, cipher, { ...bad, environment: 'staging' })).rejects.toThrow(UsageError);
  });

  it('runs through runCli with --json, exit codes as for every command', async () => {
    const org = await createOrg(infra.db, { name: 'Push CLI run' });
    await createBot(infra.db, { org: org.slug, name: 'Helper' });
    const f = await files();
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli({ argv, env: { DATABASE_URL: infra.databaseUrl }, io: { out: (l) => out.push(l), err: (l) => err.push(l) } });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    expect((await run('create-mobile-channel', '--org', org.slug, '--bot', 'Helper')).code).toBe(0);
    const saved = await run('set-fcm-credentials', '--org', org.slug, '--bot', 'Helper', '--service-account-file', f.saFile, '--json');
    expect(saved.code).toBe(0);
    expect(JSON.parse(saved.out)).toMatchObject({ platform: 'fcm', fingerprint: expect.any(String) });
    expect((await run('list-push-credentials', '--org', org.slug, '--bot', 'Helper')).out).toMatch(/^fcm {2}fingerprint [0-9a-f]{16}/);
    expect((await run('set-fcm-credentials', '--org', org.slug, '--bot', 'Helper')).code).toBe(2);
  });
});
