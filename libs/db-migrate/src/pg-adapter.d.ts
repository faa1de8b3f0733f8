import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { PgTarget } from './database-url';
import type { ShadowProvider } from './shadow-database';
/**
 * An adapter factory for one engine session. adapter-pg's own `connectToShadowDb` drops its
 * database before closing the pool on it ("being accessed by other users") and never closes
 * its main pool; here the pool is closed first, then the shadow database released.
 */
export declare class SessionAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
    private readonly main;
    private readonly shadows?;
    readonly provider = "postgres";
    readonly adapterName = "@prisma/adapter-pg";
    private readonly open;
    constructor(main: PgTarget, shadows?: ShadowProvider | undefined);
    connect(): Promise<SqlDriverAdapter>;
    connectToShadowDb(): Promise<SqlDriverAdapter>;
    private connectTo;
    /** Closes the pool, then releases (drops) its shadow database. Idempotent. */
    private closeConnection;
    /** Closes everything this factory opened (the engine does not dispose its main adapter). */
    close(): Promise<void>;
}
