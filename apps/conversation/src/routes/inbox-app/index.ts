import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AppError, ErrorCode, notFound } from '@parley/contracts';
import { csrfMetaTag } from '@parley/auth';
import { ASSETS_PATH, INBOX_WEB_ASSETS_DIR } from '@parley/inbox-web';
import { PAGE_HEADERS } from './page-security';
import { isAppNavigation } from './spa-paths';
import { openAsset } from './static-assets';

export interface InboxAppOptions {
  /** Where the built inbox is (default: @parley/inbox-web's dist/web). */
  inboxAssetsDir?: string;
}

/** Content hashes are in the names: a name always means the same bytes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const notBuilt = (dir: string) =>
  new AppError(503, ErrorCode.DEPENDENCY_UNAVAILABLE, `The inbox app is not built (no ${path.join(dir, 'index.html')}): run "npm run build -w @parley/inbox-web"`);

/**
 * The inbox single-page app at `/`: hashed assets under `/assets/` cached for good, and
 * `index.html` for every page navigation the app owns (`/`, `/login`, `/inbox/...`,
 * `/console/...`), never cached. A signed-in agent's page carries the session's CSRF token in
 * `<meta name="csrf-token">`, as the reference's pages do, so the app needs no extra request for
 * it. Files are read per request, so a rebuild shows up without a restart.
 */
export async function inboxAppRoutes(app: FastifyInstance, opts: InboxAppOptions) {
  const dir = opts.inboxAssetsDir ?? INBOX_WEB_ASSETS_DIR;
  const assetsDir = path.join(dir, ASSETS_PATH);

  app.get(`/${ASSETS_PATH}/:name`, { logLevel: 'warn' }, async (request, reply) => {
    const asset = await openAsset(assetsDir, (request.params as { name: string }).name, request.headers['accept-encoding']);
    if (!asset) throw notFound('Asset');
    reply.header('cache-control', IMMUTABLE).header('vary', 'accept-encoding').header('x-content-type-options', 'nosniff');
    if (asset.encoding) reply.header('content-encoding', asset.encoding);
    return reply.type(asset.type).header('content-length', asset.size).send(asset.stream);
  });

  app.get('/*', async (request, reply) => {
    if (!isAppNavigation(request.url, request.headers.accept)) {
      // Exactly what the service's not-found handler says for any other unknown route.
      throw new AppError(404, ErrorCode.ROUTE_NOT_FOUND, `Route ${request.method} ${request.url.split('?')[0]} not found`);
    }
    let html: string;
    try {
      html = await readFile(path.join(dir, 'index.html'), 'utf8');
    } catch {
      throw notBuilt(dir);
    }
    const agent = await request.loadAgent();
    if (agent) html = html.replace('</head>', `${csrfMetaTag(agent.csrfToken)}</head>`);
    return reply.headers(PAGE_HEADERS).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  });
}
