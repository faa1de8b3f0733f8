/**
 * `bots.provider_settings` (JSON, not secret). Every field is optional; an unusable value (wrong
 * type, out of range) falls back to its default rather than breaking the bot, because operators
 * edit this by hand and a typo should not silence a bot.
 */
export interface ProviderSettings {
  /** OpenAI-compatible API root, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`. */
  baseUrl?: string;
  model?: string;
  temperature?: number;
  maxTokens?: number;
  /** Wait for the provider's response headers (connect + first byte). */
  timeoutMs: number;
  /** Silence allowed between two chunks of the stream, the first one included. */
  idleTimeoutMs: number;
  /** Earlier messages sent as context to an LLM. */
  historyLimit: number;
  /** Knowledge answers are streamed this many words per delta... */
  chunkWords: number;
  /** ...this far apart, so the visitor sees the answer grow as with an LLM. */
  chunkDelayMs: number;
}

/** Process-wide defaults from the service config (BOT_PROVIDER_TIMEOUT_MS, BOT_PROVIDER_IDLE_TIMEOUT_MS). */
export interface ProviderDefaults {
  timeoutMs: number;
  idleTimeoutMs: number;
}

export const DEFAULT_PROVIDER_TIMEOUTS: ProviderDefaults = { timeoutMs: 10_000, idleTimeoutMs: 15_000 };
export const DEFAULT_HISTORY_LIMIT = 10;
/** The most earlier turns a bot's `historyLimit` may ask for. */
export const MAX_HISTORY_LIMIT = 50;
export const DEFAULT_CHUNK_WORDS = 3;
export const DEFAULT_CHUNK_DELAY_MS = 15;

const num = (value: unknown, min: number, max: number): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : undefined;
const int = (value: unknown, min: number, max: number): number | undefined =>
  Number.isInteger(value) ? num(value, min, max) : undefined;
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

function httpUrl(value: unknown): string | undefined {
  const raw = text(value);
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? raw.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
}

export function readProviderSettings(json: unknown, defaults: ProviderDefaults = DEFAULT_PROVIDER_TIMEOUTS): ProviderSettings {
  const s = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  return {
    baseUrl: httpUrl(s.baseUrl),
    model: text(s.model),
    temperature: num(s.temperature, 0, 2),
    maxTokens: int(s.maxTokens, 1, 1_000_000),
    timeoutMs: int(s.timeoutMs, 50, 300_000) ?? defaults.timeoutMs,
    idleTimeoutMs: int(s.idleTimeoutMs, 50, 300_000) ?? defaults.idleTimeoutMs,
    historyLimit: int(s.historyLimit, 0, MAX_HISTORY_LIMIT) ?? DEFAULT_HISTORY_LIMIT,
    chunkWords: int(s.chunkWords, 1, 50) ?? DEFAULT_CHUNK_WORDS,
    chunkDelayMs: int(s.chunkDelayMs, 0, 1000) ?? DEFAULT_CHUNK_DELAY_MS,
  };
}
