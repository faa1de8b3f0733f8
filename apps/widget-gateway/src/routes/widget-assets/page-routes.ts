import type { FastifyInstance } from 'fastify';
import { AppError, badRequest, ErrorBody, ErrorCode } from '@parley/contracts';
import { sendRefusal } from './page-errors';
import { checkInitOrigin, type WidgetSource } from '../../widget-config/widget-source';
import { isOwnOrigin } from '../../origins/own-origin';
import type { AssetSource } from './asset-routes';
import { LoaderConfig, LoaderConfigQuery, WidgetPageQuery } from './schemas';
import { DEFAULT_TITLE, renderErrorPage, renderWidgetPage, widgetPageCsp } from './widget-page';
import { widgetTheme } from './widget-theme';

/** Both are read on every page view of every customer site; like /init, counted per address, but roomier. */
const PAGE_RATE_LIMIT = { max: 240, timeWindow: 60_000 };

/** The origins a page may embed this widget from; null: any (an embed token without a list). */
const embeddableFrom = (source: WidgetSource): string[] | null =>
  source.kind === 'embed_token' && source.allowedOrigins.length === 0 ? null : source.allowedOrigins;

/**
 * `GET /chat-widget`: the iframe page (reference: Web Embed Widget), and `GET /chat-widget/config`:
 * the loader's question "may this page show the widget?". The page's `frame-ancestors` is built
 * from the same allowed origins `/init` checks, so a site that is not listed cannot show the
 * widget even if it builds the iframe by hand.
 */
export async function pageRoutes(app: FastifyInstance, opts: { assets: AssetSource }) {
  // The node's cached embed tokens and bots (widget-config/), emptied whenever one changes.
  const sources = app.widgetSources;

  app.get(
    '/',
    {
      // Refusals are rendered as a page when a browser asks (the iframe shows it), as JSON otherwise.
      attachValidation: true,
      config: { rateLimit: PAGE_RATE_LIMIT },
      schema: {
        tags: ['widget'],
        operationId: 'getWidgetPage',
        summary: 'The widget iframe page (embed_token, session_id, customer_name, title)',
        querystring: WidgetPageQuery,
        response: {
          200: { description: 'the page', content: { 'text/html': { schema: { type: 'string' } } } },
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          429: ErrorBody,
          503: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      try {
        if (request.validationError) throw badRequest(`Invalid query: ${request.validationError.message}`);
        const query = request.query as WidgetPageQuery;
        if ((query.embed_token === undefined) === (query.bot_id === undefined)) {
          throw badRequest('The widget URL needs exactly one of embed_token and bot_id');
        }
        const source = await sources.resolve(query.embed_token !== undefined ? { embed_token: query.embed_token } : { bot_id: query.bot_id! });
        const assets = await opts.assets.get();
        const allowedOrigins = embeddableFrom(source);
        const html = renderWidgetPage({
          manifest: assets.manifest,
          title: query.title ?? DEFAULT_TITLE,
          config: { bot_name: source.bot.name, theme: widgetTheme(source.bot.theme), allowed_origins: allowedOrigins },
        });
        return reply
          .header('content-security-policy', widgetPageCsp({ host: request.host, secure: request.protocol === 'https', allowedOrigins }))
          // The URL carries the visitor's session id: never let it leak to image hosts or linked sites.
          .header('referrer-policy', 'no-referrer')
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'no-store')
          .type('text/html; charset=utf-8')
          .send(html);
      } catch (err) {
        return sendRefusal(request, reply, err, renderErrorPage);
      }
    },
  );

  app.get(
    '/config',
    {
      config: { rateLimit: PAGE_RATE_LIMIT },
      schema: {
        tags: ['widget'],
        operationId: 'getLoaderConfig',
        summary: 'Whether the calling page may show the widget, and its colours',
        querystring: LoaderConfigQuery,
        response: { 200: LoaderConfig, 400: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      // Public facts only (a name and two colours): any page may read the answer, so a refused
      // page gets our explanation rather than a bare CORS failure.
      reply.header('access-control-allow-origin', '*').header('cache-control', 'no-store');
      const { embed_token: token } = request.query as LoaderConfigQuery;
      try {
        const source = await sources.resolve({ embed_token: token });
        if (!isOwnOrigin(request.headers) && request.headers.origin !== undefined) checkInitOrigin(source, request.headers.origin);
        return { enabled: true as const, name: source.bot.name, theme: widgetTheme(source.bot.theme) };
      } catch (err) {
        // A refusal is an answer, not a failed request: the loader prints it as the page's only console line.
        if (err instanceof AppError && (err.code === ErrorCode.ORIGIN_NOT_ALLOWED || err.code === ErrorCode.EMBED_TOKEN_INVALID)) {
          return { enabled: false as const, code: err.code, message: err.message };
        }
        throw err;
      }
    },
  );
}
