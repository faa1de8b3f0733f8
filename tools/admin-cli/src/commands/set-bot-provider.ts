import type { Db } from '@parley/db';
import type { CipherKeyring } from '@parley/security';
import { resolveBot } from '../bot-ref';
import { booleanFlag, defineCommand, requiredFlag, stringFlag } from '../command';
import { UsageError } from '../errors';
import { resolveOrg } from '../org-ref';
import { requireText } from '../validation';

const PROVIDERS = ['knowledge', 'openai'] as const;
type Provider = (typeof PROVIDERS)[number];

export interface SetBotProviderInput {
  org: string;
  bot: string;
  provider: string;
  /** OpenAI-compatible API root, e.g. https://api.openai.com/v1 or http://localhost:11434/v1 (Ollama). */
  baseUrl?: string;
  model?: string;
  /** Stored encrypted (AES-256-GCM, ENCRYPTION_KEYS, bound to the bot id); never shown again. */
  apiKey?: string;
  clearApiKey?: boolean;
}

export interface BotProviderSummary {
  bot_id: string;
  provider: Provider;
  base_url: string | null;
  model: string | null;
  api_key_set: boolean;
}

function parseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UsageError(`invalid --base-url "${value}": expected an http(s) URL such as https://api.openai.com/v1`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--base-url must be http:// or https://');
  if (url.username || url.password) throw new UsageError('--base-url must not carry credentials: pass the key with --api-key');
  return value.trim().replace(/\/+$/, '');
}

const asObject = (json: unknown): Record<string, unknown> =>
  json && typeof json === 'object' && !Array.isArray(json) ? { ...(json as Record<string, unknown>) } : {};

/**
 * Switches a bot between answering from its knowledge articles and an OpenAI-compatible model.
 * Other provider settings (timeouts, temperature) are kept; the key is kept unless replaced or cleared.
 */
export async function setBotProvider(db: Db, cipher: CipherKeyring, input: SetBotProviderInput): Promise<BotProviderSummary> {
  const provider = PROVIDERS.find((p) => p === input.provider);
  if (!provider) throw new UsageError(`invalid --provider "${input.provider}": use ${PROVIDERS.join(' or ')}`);
  if (input.apiKey !== undefined && input.clearApiKey) throw new UsageError('--api-key and --clear-api-key exclude each other');
  const apiKey = input.apiKey === undefined ? undefined : requireText(input.apiKey, 'api-key', 1000);
  const org = await resolveOrg(db, input.org);
  const { id } = await resolveBot(db, org.id, input.bot);
  const current = await db.bot.findFirstOrThrow({ where: { id, organizationId: org.id }, select: { providerSettings: true, providerApiKeyEnc: true } });

  const settings = asObject(current.providerSettings);
  if (input.baseUrl !== undefined) settings.baseUrl = parseBaseUrl(input.baseUrl);
  if (input.model !== undefined) settings.model = requireText(input.model, 'model');
  if (provider === 'openai' && (!settings.baseUrl || !settings.model)) throw new UsageError('--provider openai needs --base-url and --model (once; they are kept)');

  const keyEnc = apiKey !== undefined ? cipher.encrypt(apiKey, id) : input.clearApiKey ? null : current.providerApiKeyEnc;
  await db.bot.updateMany({ where: { id, organizationId: org.id }, data: { provider, providerSettings: settings as object, providerApiKeyEnc: keyEnc } });
  return {
    bot_id: id,
    provider,
    base_url: typeof settings.baseUrl === 'string' ? settings.baseUrl : null,
    model: typeof settings.model === 'string' ? settings.model : null,
    api_key_set: keyEnc !== null,
  };
}

export const setBotProviderCommand = defineCommand({
  name: 'set-bot-provider',
  summary: 'choose how a bot answers: its knowledge articles, or an OpenAI-compatible model (key stored encrypted)',
  usage: '--org <id|slug> --bot <id|name> --provider knowledge|openai [--base-url <url> --model <name>] [--api-key <key> | --clear-api-key]',
  flags: {
    org: { type: 'string' },
    bot: { type: 'string' },
    provider: { type: 'string' },
    'base-url': { type: 'string' },
    model: { type: 'string' },
    'api-key': { type: 'string' },
    'clear-api-key': { type: 'boolean' },
  },
  async run(db, flags, context) {
    const result = await setBotProvider(db, context.cipher(), {
      org: requiredFlag(flags, 'org', '<id|slug>'),
      bot: requiredFlag(flags, 'bot', '<id|name>'),
      provider: requiredFlag(flags, 'provider', 'knowledge|openai'),
      baseUrl: stringFlag(flags, 'base-url'),
      model: stringFlag(flags, 'model'),
      apiKey: stringFlag(flags, 'api-key'),
      clearApiKey: booleanFlag(flags, 'clear-api-key'),
    });
    const detail = result.provider === 'openai' ? ` (${result.model} at ${result.base_url}, API key ${result.api_key_set ? 'set' : 'not set'})` : '';
    return { json: { ...result }, lines: [`bot ${result.bot_id} now answers with ${result.provider}${detail}`] };
  },
});
