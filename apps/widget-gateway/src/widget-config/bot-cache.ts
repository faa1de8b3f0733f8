import { botRepository, type BotRow, type Db, type OrgId } from '@parley/db';
import { TtlCache } from '../origins/ttl-cache';
import { WIDGET_SOURCE_TTL_MS } from './widget-source';

const MAX_CACHED_BOTS = 10_000;

export interface BotCache {
  /** The bot (its budget and settings), null if it is not the organization's. */
  get(orgId: OrgId, botId: string): Promise<BotRow | null>;
  forget(): void;
}

/**
 * Every visitor message checks its bot's conversation budget; the bot row changes rarely, so each
 * node keeps it, dropped at once on any change (the widget-config plugin's listener) and
 * reloaded in the background after the same TTL as embed tokens otherwise (never making a
 * message wait for the reload).
 */
export function createBotCache(db: Db): BotCache {
  const bots = new TtlCache<string, BotRow | null>(WIDGET_SOURCE_TTL_MS, MAX_CACHED_BOTS);
  return {
    get: (orgId, botId) => bots.getStale(`${orgId}:${botId}`, () => botRepository(db).findById(orgId, botId)),
    forget: () => bots.clear(),
  };
}
