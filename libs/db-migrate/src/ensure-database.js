"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.createDatabaseAt = createDatabaseAt;
exports.dropDatabaseAt = dropDatabaseAt;
exports.ensureDatabase = ensureDatabase;
exports.dropDatabase = dropDatabase;
// Creating and dropping databases goes through the `postgres` maintenance database: a database
// cannot be created (or dropped) from a connection to itself.
const pg_1 = __importDefault(require("pg"));
const database_url_1 = require("./database-url");
const errors_1 = require("./errors");
const DUPLICATE_DATABASE = '42P04';
async function withMaintenanceClient(target, work) {
    const client = new pg_1.default.Client((0, database_url_1.withDatabase)(target, 'postgres').config);
    client.on('error', () => undefined); // a dropped connection surfaces through the pending query
    try {
        await client.connect();
        return await work(client);
    }
    catch (error) {
        throw (0, errors_1.toMigrationError)(error, target);
    }
    finally {
        await client.end().catch(() => undefined);
    }
}
/** CREATE DATABASE; fails if it exists. */
async function createDatabaseAt(target) {
    await withMaintenanceClient(target, (client) => client.query(`CREATE DATABASE ${(0, database_url_1.quoteIdent)(target.config.database)}`));
}
/**
 * DROP DATABASE IF EXISTS ... WITH (FORCE) (Postgres 13+): pg's `pool.end()` resolves before
 * its sockets are closed, so the server may still count a just-closed connection as a user.
 */
async function dropDatabaseAt(target) {
    await withMaintenanceClient(target, (client) => client.query(`DROP DATABASE IF EXISTS ${(0, database_url_1.quoteIdent)(target.config.database)} WITH (FORCE)`));
}
/** Creates the database named in the URL unless it exists. Returns whether it created it. */
async function ensureDatabase(databaseUrl) {
    const target = (0, database_url_1.parseDatabaseUrl)(databaseUrl);
    return withMaintenanceClient(target, async (client) => {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [target.config.database]);
        if (found.rowCount)
            return { created: false };
        try {
            await client.query(`CREATE DATABASE ${(0, database_url_1.quoteIdent)(target.config.database)}`);
            return { created: true };
        }
        catch (error) {
            // Another process created it between our check and our CREATE: that is fine.
            if (error.code === DUPLICATE_DATABASE)
                return { created: false };
            throw error;
        }
    });
}
/** Drops the database named in the URL if it exists, disconnecting its sessions (tests, scratch). */
async function dropDatabase(databaseUrl) {
    await dropDatabaseAt((0, database_url_1.parseDatabaseUrl)(databaseUrl));
}
//# sourceMappingURL=ensure-database.js.map