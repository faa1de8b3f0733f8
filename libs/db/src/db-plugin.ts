import fp from 'fastify-plugin';
import type { Db } from './prisma-client';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

export interface DbPluginOptions {
  db: Db;
}

/**
 * Exposes the Prisma client as `app.db` and owns it: closing the app disconnects it. Registered
 * before Redis and queues so that, closing in reverse order, the database goes last.
 */
export const dbPlugin = fp<DbPluginOptions>(
  async (app, opts) => {
    app.decorate('db', opts.db);
    app.addHook('onClose', async () => {
      await opts.db.$disconnect();
    });
  },
  { name: 'parley-db', fastify: '5.x' },
);
