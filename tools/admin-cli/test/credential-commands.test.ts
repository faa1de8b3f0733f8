import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useTestInfra } from '@parley/testing';
import { DEV_ENCRYPTION_KEYS } from '@parley/config';
import { authenticateClient } from '@parley/credentials';
import { apiKeyRepository, embedTokenRepository } from '@parley/db';
import { createCipherKeyring, hashToken } from '@parley/security';
import {
  CommandFailedError,
  UsageError,
  createApiKey,
  createApp,
  createBot,
  createEmbedToken,
  createOrg,
  listApiKeys,
  listApps,
  listEmbedTokens,
  revokeApiKey,
  revokeEmbedToken,
  runCli,
} from '../src';

const infra = useTestInfra();
const cipher = createCipherKeyring(DEV_ENCRYPTION_KEYS);

async function orgWithBot(label: string) {
  const org = await createOrg(infra.db, { name: `Creds ${label}` });
  const bot = await createBot(infra.db, { org: org.slug, name: 'Helper' });
  return { org, bot };
}

describe('embed token commands', () => {
  it('creates a token for a bot given by name or id, lists it without the token, and revokes it', async () => {
    const { org, bot } = await orgWithBot('embed');
    const byName = await createEmbedToken(infra.db, { org: org.slug, bot: 'Helper', allowedOrigins: ['https://shop.example.com'] });
    expect(byName).toMatchObject({ token: expect.stringMatching(/^ew_/), name: 'Helper website', bot_id: bot.id, channel_id: bot.channel_id, any_origin: false });
    const byId = await createEmbedToken(infra.db, { org: org.id, bot: bot.id, name: 'Dev' });
    expect(byId).toMatchObject({ any_origin: true, development_only: true });

    const listed = await listEmbedTokens(infra.db, { org: org.slug });
    expect(listed.map((t) => t.id).sort()).toEqual([byName.id, byId.id].sort());
    expect(JSON.stringify(listed)).not.toContain(byName.token);

    expect(await revokeEmbedToken(infra.db, { org: org.slug, id: byName.id })).toEqual({ id: byName.id, revoked: true });
    expect(await embedTokenRepository(infra.db).findActiveByHash(hashToken(byName.token))).toBeNull();
  });

  it('refuses an unknown bot, a bad origin, a malformed id and another organization’s token', async () => {
    const { org } = await orgWithBot('embed-bad');
    const other = await orgWithBot('embed-other');
    const theirs = await createEmbedToken(infra.db, { org: other.org.id, bot: 'Helper' });
    await expect(createEmbedToken(infra.db, { org: org.id, bot: 'Nobody' })).rejects.toThrow(new CommandFailedError('bot "Nobody" not found in this organization'));
    await expect(createEmbedToken(infra.db, { org: org.id, bot: other.bot.id })).rejects.toBeInstanceOf(CommandFailedError);
    await expect(createEmbedToken(infra.db, { org: org.id, bot: 'Helper', allowedOrigins: ['https://x.example.com/'] })).rejects.toThrow(
      'did you mean https://x.example.com?',
    );
    await expect(revokeEmbedToken(infra.db, { org: org.id, id: 'nope' })).rejects.toBeInstanceOf(UsageError);
    await expect(revokeEmbedToken(infra.db, { org: org.id, id: theirs.id })).rejects.toThrow(new CommandFailedError('Embed token not found'));
  });
});

describe('API key commands', () => {
  it('creates a key with scopes and an expiry, lists it, and revokes it', async () => {
    const { org } = await orgWithBot('keys');
    const created = await createApiKey(infra.db, { org: org.slug, name: 'CRM', scopes: ['leads:read', 'conversations:read'], expiresAt: '2999-01-01' });
    expect(created).toMatchObject({ key: expect.stringMatching(/^pk_live_/), scopes: ['leads:read', 'conversations:read'], expires_at: '2999-01-01T00:00:00.000Z' });
    expect(await apiKeyRepository(infra.db).findActiveByHash(hashToken(created.key))).toMatchObject({ orgId: org.id });
    const { key: _shownOnce, ...view } = created;
    expect(await listApiKeys(infra.db, { org: org.id })).toEqual([view]);
    await revokeApiKey(infra.db, { org: org.id, id: created.id });
    expect(await apiKeyRepository(infra.db).findActiveByHash(hashToken(created.key))).toBeNull();
  });

  it('refuses an unknown scope, no scope, a bad or past expiry', async () => {
    const { org } = await orgWithBot('keys-bad');
    const base = { org: org.id, name: 'x', scopes: ['leads:read'] };
    await expect(createApiKey(infra.db, { ...base, scopes: ['root'] })).rejects.toThrow(/unknown scope "root": use conversations:read, /);
    await expect(createApiKey(infra.db, { ...base, scopes: [] })).rejects.toBeInstanceOf(UsageError);
    await expect(createApiKey(infra.db, { ...base, expiresAt: 'next week' })).rejects.toBeInstanceOf(UsageError);
    await expect(createApiKey(infra.db, { ...base, expiresAt: '2001-01-01' })).rejects.toThrow(new UsageError('expires_at must be in the future'));
    expect(await listApiKeys(infra.db, { org: org.id })).toEqual([]);
  });
});

describe('app commands', () => {
  it('registers an app with a client secret that authenticates, and with a public key file (PEM or JWK)', async () => {
    const { org } = await orgWithBot('apps');
    const created = await createApp(infra.db, cipher, { org: org.slug, name: 'Backend' });
    expect(created.client_secret).toMatch(/^cs_/);
    expect(await authenticateClient(infra.db, cipher, created.client_id, created.client_secret!)).toMatchObject({ orgId: org.id });

    const dir = await mkdtemp(path.join(tmpdir(), 'parley-keys-'));
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(path.join(dir, 'public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    await writeFile(path.join(dir, 'public.jwk.json'), JSON.stringify(publicKey.export({ format: 'jwk' })));
    const withPem = await createApp(infra.db, cipher, {
      org: org.id,
      name: 'Key pair',
      publicKeyFile: path.join(dir, 'public.pem'),
      kid: 'ec-1',
      algorithm: 'ES256',
      clientSecret: false,
    });
    expect(withPem.client_secret).toBeUndefined();
    expect(withPem.keys).toEqual([expect.objectContaining({ kid: 'ec-1', algorithm: 'ES256' })]);
    const withJwk = await createApp(infra.db, cipher, { org: org.id, name: 'JWK', publicKeyFile: path.join(dir, 'public.jwk.json'), kid: 'ec-1', algorithm: 'ES256' });
    // Same key, two encodings, one fingerprint.
    expect(withJwk.keys[1]!.fingerprint).toBe(withPem.keys[0]!.fingerprint);

    const listed = await listApps(infra.db, { org: org.id });
    expect(listed.map((a) => a.name).sort()).toEqual(['Backend', 'JWK', 'Key pair']);
    expect(JSON.stringify(listed)).not.toContain(created.client_secret);
  });

  it('refuses a private key file, missing --kid/--algorithm, and an unreadable file', async () => {
    const { org } = await orgWithBot('apps-bad');
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-keys-'));
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await writeFile(path.join(dir, 'private.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const file = path.join(dir, 'private.pem');
    await expect(createApp(infra.db, cipher, { org: org.id, name: 'x', publicKeyFile: file, kid: 'k', algorithm: 'RS256' })).rejects.toThrow(/private key/);
    await expect(createApp(infra.db, cipher, { org: org.id, name: 'x', publicKeyFile: file })).rejects.toBeInstanceOf(UsageError);
    await expect(createApp(infra.db, cipher, { org: org.id, name: 'x', publicKeyFile: file, kid: 'k', algorithm: 'HS256' })).rejects.toBeInstanceOf(UsageError);
    await expect(createApp(infra.db, cipher, { org: org.id, name: 'x', publicKeyFile: path.join(dir, 'none.pem'), kid: 'k', algorithm: 'RS256' })).rejects.toThrow(
      new CommandFailedError(`cannot read ${path.join(dir, 'none.pem')}: ENOENT`),
    );
    expect(await listApps(infra.db, { org: org.id })).toEqual([]);
  });
});

describe('runCli with the credential commands', () => {
  const run = async (argv: string[], env: Record<string, string> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli({ argv, env: { DATABASE_URL: infra.databaseUrl, ...env }, io: { out: (l) => out.push(l), err: (l) => err.push(l) } });
    return { code, out, err };
  };

  it('prints a created secret once with a warning, and JSON with --json', async () => {
    const { org } = await orgWithBot('cli');
    const human = await run(['create-api-key', '--org', org.slug, '--name', 'Ops', '--scope', 'leads:read', '--scope', 'messages:write']);
    expect(human.code).toBe(0);
    expect(human.out.join('\n')).toMatch(/key: pk_live_\S+\nstore it now: it is not shown again/);
    const json = await run(['create-app', '--org', org.slug, '--name', 'CLI app', '--json']);
    expect(json.code).toBe(0);
    const app = JSON.parse(json.out[0]!);
    expect(app).toMatchObject({ client_id: expect.stringMatching(/^ci_/), client_secret: expect.stringMatching(/^cs_/) });
    const listed = await run(['list-apps', '--org', org.slug]);
    expect(listed.out.join('\n')).toContain(app.client_id);
    expect(listed.out.join('\n')).not.toContain(app.client_secret);
    const tokens = await run(['create-embed-token', '--org', org.slug, '--bot', 'Helper', '--allowed-origin', 'https://a.example.com']);
    expect(tokens.out.join('\n')).toContain('token: ew_');
    expect((await run(['list-embed-tokens', '--org', org.slug])).out.join('\n')).toContain('origins: https://a.example.com');
    expect((await run(['list-api-keys', '--org', org.slug])).out.join('\n')).toContain('leads:read,messages:write');
  });

  it('exits 2 for bad input and 1 for what cannot be done', async () => {
    const { org } = await orgWithBot('cli-bad');
    const scope = await run(['create-api-key', '--org', org.slug, '--name', 'x', '--scope', 'everything']);
    expect(scope.code).toBe(2);
    expect(scope.err[0]).toMatch(/^error: unknown scope "everything"/);
    const missing = await run(['revoke-api-key', '--org', org.slug, '--id', '00000000-0000-4000-8000-000000000000']);
    expect(missing).toMatchObject({ code: 1, err: ['error: API key not found'] });
  });

  it('refuses the development encryption key in production', async () => {
    const { org } = await orgWithBot('cli-prod');
    const res = await run(['create-app', '--org', org.slug, '--name', 'Prod'], { NODE_ENV: 'production' });
    expect(res.code).not.toBe(0);
    expect(res.err[0]).toMatch(/ENCRYPTION_KEYS must be set/);
  });
});
