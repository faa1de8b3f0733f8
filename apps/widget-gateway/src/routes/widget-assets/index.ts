import type { FastifyInstance } from 'fastify';
import { CHAT_WIDGET_ASSETS_DIR } from '@parley/chat-widget';
import type { OriginPolicy } from '../../origins/origin-policy';
import { agentNameRoutes } from './agent-names';
import { assetRoutes, assetSource } from './asset-routes';
import { pageRoutes } from './page-routes';

export interface WidgetAssetOptions {
  policy: OriginPolicy;
  /** Where the built widget is; default: the @parley/chat-widget package's dist/web. */
  assetsDir?: string;
}

/**
 * The web widget under `/chat-widget`: the loader (`embed.js`), the loader's check
 * (`config`), the iframe page and its hashed files, and agents' names for the iframe.
 */
export async function widgetAssetRoutes(app: FastifyInstance, opts: WidgetAssetOptions) {
  const assets = assetSource(opts.assetsDir ?? CHAT_WIDGET_ASSETS_DIR);
  await app.register(assetRoutes, { assets });
  await app.register(pageRoutes, { assets });
  await app.register(agentNameRoutes, { policy: opts.policy });
}
