"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MigrationError = void 0;
exports.toMigrationError = toMigrationError;
class MigrationError extends Error {
    code;
    migrationName;
    name = 'MigrationError';
    constructor(message, 
    /** Prisma's error code (https://pris.ly/d/prisma-errors), when one applies. */
    code, 
    /** The migration the error is about, when there is one. */
    migrationName, options) {
        super(code ? `${code}: ${message}` : message, options);
        this.code = code;
        this.migrationName = migrationName;
    }
}
exports.MigrationError = MigrationError;
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN']);
// Postgres SQLSTATEs for "no such database" and authentication failures.
const PG_CODES = { '3D000': 'P1003', '28000': 'P1000', '28P01': 'P1000' };
function toMigrationError(error, target) {
    if (error instanceof MigrationError)
        return error;
    const err = (error ?? {});
    const raw = typeof err.message === 'string' ? err.message : String(error);
    const code = typeof err.code === 'string' ? err.code : undefined;
    const where = `${target.config.host}:${target.config.port}`;
    if ((code && UNREACHABLE.has(code)) || /ECONNREFUSED|DatabaseNotReachable|Can't reach database/.test(raw)) {
        const why = code ?? 'connection refused or timed out';
        return new MigrationError(`Can't reach the Postgres server at ${where} (${why})`, 'P1001', undefined, { cause: error });
    }
    if (code && PG_CODES[code])
        return new MigrationError(`${oneLine(raw)} (at ${where})`, PG_CODES[code], undefined, { cause: error });
    if (/^Database `.*` does not exist/.test(raw))
        return new MigrationError(oneLine(raw), 'P1003', undefined, { cause: error });
    if (/^User was denied access/.test(raw))
        return new MigrationError(`${oneLine(raw)} (at ${where})`, 'P1010', undefined, { cause: error });
    const migrationName = /migration_name="([^"]+)"/.exec(raw)?.[1] ?? /migration `([^`]+)`/i.exec(raw)?.[1];
    if (!code && migrationName && raw.includes('apply_migration::apply_script')) {
        // The native engine reports this as P3018; through the driver adapter the code is lost.
        const dbError = /Error querying the database: (.*)/.exec(raw)?.[1] ?? oneLine(raw);
        return new MigrationError(`Migration \`${migrationName}\` failed to apply: ${dbError}. New migrations cannot be applied before this is resolved: https://pris.ly/d/migrate-resolve`, 'P3018', migrationName, { cause: error });
    }
    return new MigrationError(oneLine(raw), code && /^P\d{4}$/.test(code) ? code : undefined, migrationName, { cause: error });
}
/** Drops the engine's span trace ("   0: schema_engine_wasm::...", "at ...rs:42") and joins lines. */
function oneLine(message) {
    const lines = [];
    for (const line of message.split('\n')) {
        if (/^\s+\d+: \w+::/.test(line))
            break; // the trace runs to the end of the message
        if (line.trim() && line.trim() !== 'external connector error')
            lines.push(line.trim());
    }
    return lines.join(' ').replace(/\s+/g, ' ').trim() || message.trim();
}
//# sourceMappingURL=errors.js.map