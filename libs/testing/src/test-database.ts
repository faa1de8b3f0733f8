import { randomBytes } from 'node:crypto';
import { createDb, type Db } from '@parley/db';
import { templateName, urlForDatabase, withAdminClient } from './template-db';

export interface TestDatabase {
  name: string;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template: empty tables, real constraints. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.PARLEY_TEST_TEMPLATE_DB ?? templateName();
  const name = `parley_t_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = urlForDatabase(name);
  const db = createDb({ databaseUrl: url, poolSize: 5, applicationName: 'parley-test' });
  return {
    name,
    url,
    db,
    async drop() {
      await db.$disconnect().catch(() => undefined);
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
