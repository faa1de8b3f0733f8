import type { Db } from './prisma-client';
import { poolOf } from './prisma-client';

/** A statement with a name: Postgres parses and plans it once per connection, not per call. */
export interface NamedStatement {
  name: string;
  text: string;
}

export interface HotSql {
  query<R>(statement: NamedStatement, values: unknown[]): Promise<R[]>;
  execute(statement: NamedStatement, values: unknown[]): Promise<number>;
}

const connected = new WeakMap<Db, Promise<void>>();

/**
 * Raw SQL straight on the pg pool, for the few statements that run on every page view. Measured
 * (docs/benchmarks.md): a statement costs 4-5x less Node CPU this way than through Prisma, and
 * a named statement skips Postgres's parse and plan after its first use on a connection. Results
 * come back with pg's own types: timestamptz as Date, json as objects, int4 as number.
 * Everything else goes through Prisma.
 */
export function hotSql(db: Db): HotSql {
  const pool = poolOf(db);
  // Prisma opens its adapter (which owns the pool's shutdown) on first use; make sure it has,
  // so `$disconnect` ends connections this helper opened even if Prisma itself never ran a query.
  const ready = () => {
    let p = connected.get(db);
    if (!p) connected.set(db, (p = db.$connect()));
    return p;
  };
  return {
    async query<R>(statement: NamedStatement, values: unknown[]) {
      await ready();
      return (await pool.query({ ...statement, values })).rows as R[];
    },
    async execute(statement: NamedStatement, values: unknown[]) {
      await ready();
      return (await pool.query({ ...statement, values })).rowCount ?? 0;
    },
  };
}
