import { AppError, ErrorCode, originProblem, type BotView, type CreateBotBody, type ProviderSettingsBody, type UpdateBotBody } from '@parley/contracts';
import type { BotRow, BotSettings } from '@parley/db';
import type { CipherKeyring } from '@parley/security';

/** API field → the key the bot worker reads in `bots.provider_settings` (libs/bot provider-settings). */
const SETTING_KEYS = {
  base_url: 'baseUrl',
  model: 'model',
  temperature: 'temperature',
  max_tokens: 'maxTokens',
  timeout_ms: 'timeoutMs',
  idle_timeout_ms: 'idleTimeoutMs',
  history_limit: 'historyLimit',
  chunk_words: 'chunkWords',
  chunk_delay_ms: 'chunkDelayMs',
} as const satisfies Record<keyof ProviderSettingsBody, string>;

const invalid = (path: string, message: string, code: ErrorCode = ErrorCode.VALIDATION_FAILED) =>
  new AppError(400, code, message, [{ path, message }]);

function storedSettings(body: ProviderSettingsBody): Record<string, unknown> {
  if (body.base_url) {
    const url = new URL(body.base_url);
    if (url.username || url.password) throw invalid('body/provider_settings/base_url', 'must not carry credentials: send the key as provider_api_key');
  }
  const out: Record<string, unknown> = {};
  for (const [field, key] of Object.entries(SETTING_KEYS)) {
    const value = body[field as keyof ProviderSettingsBody];
    if (value !== undefined) out[key] = field === 'base_url' ? String(value).replace(/\/+$/, '') : value;
  }
  return out;
}

function viewSettings(json: unknown): ProviderSettingsBody {
  const stored = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [field, key] of Object.entries(SETTING_KEYS)) if (stored[key] !== undefined) out[field] = stored[key];
  return out as ProviderSettingsBody;
}

function origins(list: string[]): string[] {
  list.forEach((origin, i) => {
    const problem = originProblem(origin);
    if (problem) throw invalid(`body/allowed_origins/${i}`, problem, ErrorCode.INVALID_ORIGIN);
  });
  return [...new Set(list)];
}

/**
 * The columns a create or update writes. `provider_settings` replaces the stored settings as a
 * whole (a console form sends all of them); the API key is sealed to the bot id, so a copied
 * ciphertext does not decrypt on another bot, and `null` removes it.
 */
export function botColumns(body: CreateBotBody | UpdateBotBody, botId: string, cipher: CipherKeyring): BotSettings {
  const out: BotSettings = {} as BotSettings;
  if (body.name !== undefined) out.name = body.name.trim();
  if (body.greeting !== undefined) out.greeting = body.greeting;
  if (body.prompt !== undefined) out.prompt = body.prompt;
  if (body.provider !== undefined) out.provider = body.provider;
  if (body.provider_settings !== undefined) out.providerSettings = storedSettings(body.provider_settings) as BotSettings['providerSettings'];
  if (body.allowed_origins !== undefined) out.allowedOrigins = origins(body.allowed_origins);
  if (body.budget?.burst !== undefined) out.budgetBurst = body.budget.burst;
  if (body.budget?.refill_per_min !== undefined) out.budgetRefillPerMin = body.budget.refill_per_min;
  if (body.budget?.daily_cap !== undefined) out.budgetDailyCap = body.budget.daily_cap;
  // Each replaces the stored object as a whole, like provider_settings (a form sends all of it).
  if (body.theme !== undefined) out.theme = { ...body.theme };
  if (body.lead_capture !== undefined) out.leadCapture = { ...body.lead_capture };
  if (body.provider_api_key !== undefined) out.providerApiKeyEnc = body.provider_api_key === null ? null : cipher.encrypt(body.provider_api_key, botId);
  return out;
}

/** An `openai` bot cannot answer without an endpoint and a model: refuse the change that leaves it so. */
export function checkProviderReady(provider: string, settingsJson: unknown): void {
  const settings = viewSettings(settingsJson);
  if (provider === 'openai' && (!settings.base_url || !settings.model)) {
    throw invalid('body/provider_settings', 'the openai provider needs provider_settings.base_url and provider_settings.model');
  }
}

const asObject = (json: unknown): Record<string, unknown> => (json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {});

/** What the stored JSON holds of the documented keys (older rows or SQL edits may hold others). */
function themeView(json: unknown): BotView['theme'] {
  const t = asObject(json);
  return typeof t.color === 'string' ? { color: t.color } : {};
}

function leadCaptureView(json: unknown): BotView['lead_capture'] {
  const l = asObject(json);
  const when = l.when === 'handoff' || l.when === 'first_message' || l.when === 'never' ? l.when : undefined;
  const fields = Array.isArray(l.fields) ? l.fields.filter((f): f is 'email' | 'name' | 'phone' => f === 'email' || f === 'name' || f === 'phone') : undefined;
  return {
    ...(typeof l.enabled === 'boolean' ? { enabled: l.enabled } : {}),
    ...(when ? { when } : {}),
    ...(fields ? { fields } : {}),
  };
}

export function toBotView(row: BotRow): BotView {
  return {
    id: row.id,
    name: row.name,
    greeting: row.greeting,
    prompt: row.prompt,
    provider: row.provider,
    provider_settings: viewSettings(row.providerSettings),
    provider_api_key_set: row.providerApiKeyEnc !== null,
    allowed_origins: row.allowedOrigins,
    budget: { burst: row.budgetBurst, refill_per_min: row.budgetRefillPerMin, daily_cap: row.budgetDailyCap },
    theme: themeView(row.theme),
    lead_capture: leadCaptureView(row.leadCapture),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
