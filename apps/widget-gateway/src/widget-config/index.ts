import fp from 'fastify-plugin';
import { DbChannels, listenForChanges } from '@parley/db';
import { createWidgetSources, type WidgetSources } from './widget-source';
import { createBotCache, type BotCache } from './bot-cache';
import { createOriginPolicy, type OriginPolicy } from '../origins/origin-policy';

declare module 'fastify' {
  interface FastifyInstance {
    /** Embed tokens and bots as /init and the widget page see them, cached per node. */
    widgetSources: WidgetSources;
    /** Bot rows for every visitor message (budget checks), cached per node. */
    bots: BotCache;
    /** Which origins may use which widget (CORS preflights, widget-token requests, sockets), cached per node. */
    originPolicy: OriginPolicy;
  }
}

export interface WidgetConfigOptions {
  /** For the change listener; without it the caches expire by TTL only (some tests). */
  databaseUrl: string | undefined;
}

/**
 * The node's caches of what widgets are configured with (embed tokens, bots, their allowed
 * origins), and the one Postgres `LISTEN`
 * connection that empties them whenever an embed token or bot changes, whoever changed it
 * (API, console, CLI, SQL): triggers NOTIFY `parley_widget_sources` at commit.
 */
export const widgetConfigPlugin = fp<WidgetConfigOptions>(
  async (app, opts) => {
    const sources = createWidgetSources(app.db, (err) => app.log.warn({ err }, 'could not record embed token use'));
    const bots = createBotCache(app.db);
    const originPolicy = createOriginPolicy(app.db);
    app.decorate('widgetSources', sources);
    app.decorate('bots', bots);
    app.decorate('originPolicy', originPolicy);
    if (!opts.databaseUrl) return;
    const forgetAll = () => {
      sources.forget();
      bots.forget();
      originPolicy.forget();
    };
    const listener = listenForChanges({
      databaseUrl: opts.databaseUrl,
      channel: DbChannels.widgetSources,
      onChange: forgetAll,
      onGap: forgetAll,
      onError: (err) => app.log.warn({ err }, 'widget config change listener: connection problem; cached widgets expire by TTL meanwhile'),
    });
    app.addHook('onReady', () => listener.ready);
    app.addHook('onClose', () => listener.close());
  },
  { name: 'widget-config' },
);
