import pg from 'pg';
/** A pg.Client for pools (`new pg.Pool({ Client })`); pg.Pool calls `query` callback-style. */
export declare class CharAsTextClient extends pg.Client {
    query(...args: unknown[]): never;
}
