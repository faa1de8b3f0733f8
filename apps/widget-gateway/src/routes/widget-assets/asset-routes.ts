import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorBody, ErrorCode, notFound } from '@parley/contracts';
import { loadWidgetAssets, type WidgetAsset, type WidgetAssets } from './asset-store';
import { AssetParams } from './schemas';

/** Customers' pages pick up a new loader within five minutes; the ETag makes rechecks cheap. */
const LOADER_CACHE = 'public, max-age=300, must-revalidate';
/** The app's files are named by their content: a new build has new names, so these never change. */
const HASHED_CACHE = 'public, max-age=31536000, immutable';

export interface AssetSource {
  /** The built widget, loaded on first use; 503 DEPENDENCY_UNAVAILABLE while it is not built. */
  get(): Promise<WidgetAssets>;
}

/** Reads the build once it exists, and keeps it: a process serves one build for its lifetime. */
export function assetSource(dir: string): AssetSource {
  let loaded: Promise<WidgetAssets | null> | undefined;
  return {
    async get() {
      loaded ??= loadWidgetAssets(dir);
      const assets = await loaded;
      if (assets) return assets;
      loaded = undefined;
      throw new AppError(503, ErrorCode.DEPENDENCY_UNAVAILABLE, 'The chat widget is not built: run "npm run build -w @parley/chat-widget"');
    },
  };
}

function sendAsset(request: FastifyRequest, reply: FastifyReply, file: WidgetAsset, cacheControl: string) {
  reply
    .header('content-type', file.contentType)
    .header('cache-control', cacheControl)
    .header('etag', file.etag)
    .header('vary', 'accept-encoding')
    .header('x-content-type-options', 'nosniff')
    // Customers' pages may isolate themselves (COEP); the loader must still load there.
    .header('cross-origin-resource-policy', 'cross-origin');
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  return gzip ? reply.header('content-encoding', 'gzip').send(file.gzipped) : reply.send(file.body);
}

/** `GET /chat-widget/embed.js` and `GET /chat-widget/assets/:file` (the iframe app's hashed JS and CSS). */
export async function assetRoutes(app: FastifyInstance, opts: { assets: AssetSource }) {
  const file = (...types: string[]) => ({
    description: 'the file (gzip-encoded when accepted)',
    content: Object.fromEntries(types.map((type) => [type, { schema: { type: 'string' } }])),
  });
  const errors = { 304: { description: 'not modified (If-None-Match)', type: 'null' }, 404: ErrorBody, 503: ErrorBody };
  app.get(
    '/embed.js',
    { schema: { tags: ['widget'], operationId: 'getEmbedLoader', summary: 'The embed loader script', response: { 200: file('text/javascript'), ...errors } } },
    async (request, reply) => {
      const assets = await opts.assets.get();
      return sendAsset(request, reply, assets.files.get(assets.manifest.loader)!, LOADER_CACHE);
    },
  );
  app.get(
    '/assets/:file',
    {
      schema: { tags: ['widget'], operationId: 'getWidgetAsset', summary: "The iframe app's content-hashed JS and CSS", params: AssetParams, response: { 200: file('text/javascript', 'text/css'), ...errors } },
    },
    async (request, reply) => {
      const { file: name } = request.params as AssetParams;
      const assets = await opts.assets.get();
      const asset = name === assets.manifest.loader ? undefined : assets.files.get(name);
      if (!asset) throw notFound('Asset');
      return sendAsset(request, reply, asset, HASHED_CACHE);
    },
  );
}
