import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEV_ENCRYPTION_KEYS } from '@parley/config';
import { createCipherKeyring } from '@parley/security';
import { useTestInfra } from '@parley/testing';
import {
  CommandFailedError,
  UsageError,
  addKnowledge,
  createBot,
  createOrg,
  listKnowledge,
  removeKnowledge,
  runCli,
  setBotProvider,
} from '../src';

const infra = useTestInfra();
const cipher = createCipherKeyring(DEV_ENCRYPTION_KEYS);

async function orgWithBot(label: string) {
  const org = await createOrg(infra.db, { name: `Knowledge ${label}` });
  const bot = await createBot(infra.db, { org: org.slug, name: 'Helper' });
  return { org, bot };
}

describe('knowledge commands', () => {
  it('adds articles from text or a file, lists them, and removes one', async () => {
    const { org, bot } = await orgWithBot('kb');
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-kb-'));
    const file = path.join(dir, 'returns.md');
    await writeFile(file, '# Returns\n\nYou can return unworn items within 30 days.\n');

    const a = await addKnowledge(infra.db, { org: org.slug, bot: 'Helper', title: ' Shipping ', body: 'We ship in 2 days.', tags: ['shipping', ' delivery ', 'shipping'] });
    expect(a).toMatchObject({ bot_id: bot.id, title: 'Shipping', tags: ['shipping', 'delivery'], chars: 18 });
    const b = await addKnowledge(infra.db, { org: org.id, bot: bot.id, title: 'Returns', file });
    expect(b.chars).toBe('# Returns\n\nYou can return unworn items within 30 days.'.length);

    expect((await listKnowledge(infra.db, { org: org.slug, bot: 'Helper' })).map((x) => x.title)).toEqual(['Shipping', 'Returns']);
    expect(await removeKnowledge(infra.db, { org: org.slug, id: a.id })).toEqual({ id: a.id, removed: true });
    expect((await listKnowledge(infra.db, { org: org.slug, bot: bot.id })).map((x) => x.id)).toEqual([b.id]);
  });

  it('refuses bad input, a missing file, an unknown bot and another organization’s article', async () => {
    const { org } = await orgWithBot('kb-bad');
    const other = await orgWithBot('kb-other');
    const theirs = await addKnowledge(infra.db, { org: other.org.id, bot: 'Helper', title: 'T', body: 'x' });
    const base = { org: org.id, bot: 'Helper', title: 'T' };
    await expect(addKnowledge(infra.db, base)).rejects.toThrow(new UsageError('give the article text with exactly one of --body <text> and --file <path>'));
    await expect(addKnowledge(infra.db, { ...base, body: 'x', file: '/nope' })).rejects.toBeInstanceOf(UsageError);
    await expect(addKnowledge(infra.db, { ...base, body: '   ' })).rejects.toBeInstanceOf(UsageError);
    await expect(addKnowledge(infra.db, { ...base, title: ' ', body: 'x' })).rejects.toBeInstanceOf(UsageError);
    await expect(addKnowledge(infra.db, { ...base, file: '/definitely/missing.md' })).rejects.toThrow(new CommandFailedError('cannot read /definitely/missing.md: ENOENT'));
    await expect(addKnowledge(infra.db, { ...base, bot: 'Nobody', body: 'x' })).rejects.toBeInstanceOf(CommandFailedError);
    await expect(removeKnowledge(infra.db, { org: org.id, id: 'nope' })).rejects.toBeInstanceOf(UsageError);
    await expect(removeKnowledge(infra.db, { org: org.id, id: theirs.id })).rejects.toThrow(new CommandFailedError('Knowledge article not found'));
  });
});

describe('set-bot-provider', () => {
  it('switches to openai with the key encrypted and bound to the bot, keeps other settings, and back', async () => {
    const { org, bot } = await orgWithBot('provider');
    await infra.db.bot.update({ where: { id: bot.id }, data: { providerSettings: { timeoutMs: 5000 } } });
    const set = await setBotProvider(infra.db, cipher, { org: org.slug, bot: 'Helper', provider: 'openai', baseUrl: 'http://localhost:11434/v1/', model: 'llama3', apiKey: 'sk-secret' });
    expect(set).toEqual({ bot_id: bot.id, provider: 'openai', base_url: 'http://localhost:11434/v1', model: 'llama3', api_key_set: true });
    const row = await infra.db.bot.findUniqueOrThrow({ where: { id: bot.id } });
    expect(row.providerSettings).toEqual({ timeoutMs: 5000, baseUrl: 'http://localhost:11434/v1', model: 'llama3' });
    expect(row.providerApiKeyEnc).not.toContain('sk-secret');
    expect(cipher.decrypt(row.providerApiKeyEnc!, bot.id)).toBe('sk-secret');
    expect(() => cipher.decrypt(row.providerApiKeyEnc!, 'another-bot')).toThrow();

    // Changing only the model keeps the URL and the key.
    expect(await setBotProvider(infra.db, cipher, { org: org.id, bot: bot.id, provider: 'openai', model: 'llama3.1' })).toMatchObject({ base_url: 'http://localhost:11434/v1', model: 'llama3.1', api_key_set: true });
    expect(await setBotProvider(infra.db, cipher, { org: org.id, bot: bot.id, provider: 'knowledge', clearApiKey: true })).toMatchObject({ provider: 'knowledge', api_key_set: false });
    expect((await infra.db.bot.findUniqueOrThrow({ where: { id: bot.id } })).providerApiKeyEnc).toBeNull();
  });

  it('refuses an unknown provider, openai without URL and model, a URL with credentials', async () => {
    const { org } = await orgWithBot('provider-bad');
    const base = { org: org.id, bot: 'Helper' };
    await expect(setBotProvider(infra.db, cipher, { ...base, provider: 'gpt' })).rejects.toBeInstanceOf(UsageError);
    await expect(setBotProvider(infra.db, cipher, { ...base, provider: 'openai', model: 'm' })).rejects.toThrow(/needs --base-url and --model/);
    await expect(setBotProvider(infra.db, cipher, { ...base, provider: 'openai', baseUrl: 'https://u:p@api.example.com/v1', model: 'm' })).rejects.toThrow(/credentials/);
    await expect(setBotProvider(infra.db, cipher, { ...base, provider: 'openai', baseUrl: 'ftp://x', model: 'm' })).rejects.toBeInstanceOf(UsageError);
  });
});

describe('runCli with the knowledge commands', () => {
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli({ argv, env: { DATABASE_URL: infra.databaseUrl }, io: { out: (l) => out.push(l), err: (l) => err.push(l) } });
    return { code, out, err };
  };

  it('adds, lists and removes through the command line, and never prints the API key', async () => {
    const { org } = await orgWithBot('cli');
    const added = await run(['add-knowledge', '--org', org.slug, '--bot', 'Helper', '--title', 'Hours', '--body', 'Open 9 to 5.', '--tag', 'hours', '--json']);
    expect(added.code).toBe(0);
    const article = JSON.parse(added.out[0]!) as { id: string };
    const listed = await run(['list-knowledge', '--org', org.slug, '--bot', 'Helper']);
    expect(listed.out).toEqual([`${article.id}  Hours  (12 characters; tags: hours)`]);
    expect((await run(['remove-knowledge', '--org', org.slug, '--id', article.id])).out).toEqual([`removed knowledge article ${article.id}`]);
    expect(await run(['add-knowledge', '--org', org.slug, '--bot', 'Helper', '--title', 'x'])).toMatchObject({ code: 2 });

    const provider = await run(['set-bot-provider', '--org', org.slug, '--bot', 'Helper', '--provider', 'openai', '--base-url', 'https://api.openai.com/v1', '--model', 'gpt-4o-mini', '--api-key', 'sk-cli-secret']);
    expect(provider.code).toBe(0);
    expect(provider.out.join('\n')).toContain('now answers with openai (gpt-4o-mini at https://api.openai.com/v1, API key set)');
    expect(provider.out.join('\n')).not.toContain('sk-cli-secret');
  });
});
