import { isOriginAllowed } from '@parley/contracts';
import { widgetConversationRepository, type Db, type OrgId } from '@parley/db';
import { TtlCache } from './ttl-cache';

/**
 * How long an answer about origins is reused. The widget-config listener empties the caches on
 * any change to an embed token or bot, so this bounds how long a removed origin keeps working only
 * while that listener's connection is down.
 */
export const ORIGIN_CACHE_TTL_MS = 30_000;
/**
 * A refusal re-reads the database if the cached answer is older than this, so an origin an admin
 * has just added works within a second, while made-up origins cost at most one query per second.
 */
export const ORIGIN_RECHECK_MS = 1_000;
const MAX_CACHED_BOTS = 10_000;

export interface OriginPolicy {
  /**
   * For CORS preflights, which carry no body and no credentials: may `origin` talk to the widget
   * API at all (some live embed token or bot lists it, or a development token allows any)?
   * Not a security boundary: the real gate runs on the actual request.
   */
  mayPreflight(origin: string): Promise<boolean>;
  /** For widget-token requests: may `origin` act for this bot (its list or its live tokens')? */
  botAllows(orgId: OrgId, botId: string, origin: string): Promise<boolean>;
  /** Drops every cached answer (an embed token or bot changed). */
  forget(): void;
}

interface OriginSet {
  anyOrigin: boolean;
  origins: string[];
}

const allows = (set: OriginSet, origin: string) => set.anyOrigin || (set.origins.length > 0 && isOriginAllowed(set.origins, origin));

async function allowedWithRecheck<K>(cache: TtlCache<K, OriginSet>, key: K, load: () => Promise<OriginSet>, origin: string) {
  if (allows(await cache.get(key, load), origin)) return true;
  return allows(await cache.get(key, load, ORIGIN_RECHECK_MS), origin);
}

/**
 * Answers are cached per process for ORIGIN_CACHE_TTL_MS. The preflight answer comes from one
 * snapshot of every listed origin, so preflights with made-up origins cost no query per origin.
 */
export function createOriginPolicy(db: Db): OriginPolicy {
  const repo = widgetConversationRepository(db);
  const snapshot = new TtlCache<'all', OriginSet>(ORIGIN_CACHE_TTL_MS, 1);
  const perBot = new TtlCache<string, OriginSet>(ORIGIN_CACHE_TTL_MS, MAX_CACHED_BOTS);
  return {
    mayPreflight: (origin) => allowedWithRecheck(snapshot, 'all', () => repo.listedOrigins(), origin),
    botAllows: (orgId, botId, origin) =>
      allowedWithRecheck(perBot, `${orgId}:${botId}`, () => repo.botOrigins(orgId, botId), origin),
    forget: () => {
      snapshot.clear();
      perBot.clear();
    },
  };
}
