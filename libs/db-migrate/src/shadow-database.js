"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.temporaryShadows = temporaryShadows;
exports.fixedShadow = fixedShadow;
// Shadow databases: where the engine replays the migrations to learn their end state (creating
// a migration, diffing, checking drift). The engine asks for a fresh one for every replay.
const node_crypto_1 = require("node:crypto");
const pg_1 = __importDefault(require("pg"));
const database_url_1 = require("./database-url");
const ensure_database_1 = require("./ensure-database");
/** A new `<db>_shadow_<random>` per replay, dropped when the engine is done with it. */
function temporaryShadows(main) {
    return async () => {
        // Postgres truncates identifiers at 63 bytes: shorten the prefix, keep the random suffix.
        const name = `${main.config.database.slice(0, 40)}_shadow_${(0, node_crypto_1.randomBytes)(6).toString('hex')}`;
        const target = (0, database_url_1.withDatabase)(main, name);
        await (0, ensure_database_1.createDatabaseAt)(target);
        return { target, release: () => (0, ensure_database_1.dropDatabaseAt)(target) };
    };
}
/**
 * A database the caller dedicated to this (e.g. no CREATEDB right). The engine replays into it
 * without emptying it first, so we empty its schema before each replay.
 */
function fixedShadow(shadowDatabaseUrl) {
    const target = (0, database_url_1.parseDatabaseUrl)(shadowDatabaseUrl);
    return async () => {
        const client = new pg_1.default.Client(target.config);
        try {
            await client.connect();
            const schema = (0, database_url_1.quoteIdent)(target.schema);
            await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
        }
        finally {
            await client.end().catch(() => undefined);
        }
        return { target, release: async () => undefined };
    };
}
//# sourceMappingURL=shadow-database.js.map