import type { PgTarget } from './database-url';
export declare class MigrationError extends Error {
    /** Prisma's error code (https://pris.ly/d/prisma-errors), when one applies. */
    readonly code?: string | undefined;
    /** The migration the error is about, when there is one. */
    readonly migrationName?: string | undefined;
    readonly name = "MigrationError";
    constructor(message: string, 
    /** Prisma's error code (https://pris.ly/d/prisma-errors), when one applies. */
    code?: string | undefined, 
    /** The migration the error is about, when there is one. */
    migrationName?: string | undefined, options?: {
        cause?: unknown;
    });
}
export declare function toMigrationError(error: unknown, target: PgTarget): MigrationError;
