"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.SessionAdapterFactory = void 0;
// The driver adapter the wasm schema engine talks to Postgres through: @prisma/adapter-pg on
// pools we own, so that every pool is closed when the session ends (jest open handles; and
// Postgres refuses to drop a database that still has connections).
const pg_1 = __importDefault(require("pg"));
const adapter_pg_1 = require("@prisma/adapter-pg");
const pg_char_as_text_1 = require("./pg-char-as-text");
/**
 * An adapter factory for one engine session. adapter-pg's own `connectToShadowDb` drops its
 * database before closing the pool on it ("being accessed by other users") and never closes
 * its main pool; here the pool is closed first, then the shadow database released.
 */
class SessionAdapterFactory {
    main;
    shadows;
    provider = 'postgres';
    adapterName = '@prisma/adapter-pg';
    open = [];
    constructor(main, shadows) {
        this.main = main;
        this.shadows = shadows;
    }
    connect() {
        return this.connectTo(this.main);
    }
    async connectToShadowDb() {
        if (!this.shadows)
            throw new Error('This operation needs a shadow database, and none was set up');
        const lease = await this.shadows();
        return this.connectTo(lease.target, lease.release);
    }
    async connectTo(target, release) {
        const pool = new pg_1.default.Pool({ ...target.config, Client: pg_char_as_text_1.CharAsTextClient, max: 4 });
        pool.on('error', () => undefined); // an idle client dropped by the server: the next query reports it
        const connection = { pool, ...(release ? { release } : {}) };
        this.open.push(connection);
        const adapter = await new adapter_pg_1.PrismaPg(pool, { schema: target.schema }).connect();
        const dispose = adapter.dispose.bind(adapter);
        adapter.dispose = async () => {
            await dispose();
            await this.closeConnection(connection);
        };
        return adapter;
    }
    /** Closes the pool, then releases (drops) its shadow database. Idempotent. */
    closeConnection(connection) {
        connection.closed ??= (async () => {
            await connection.pool.end().catch(() => undefined);
            await connection.release?.();
        })();
        return connection.closed;
    }
    /** Closes everything this factory opened (the engine does not dispose its main adapter). */
    async close() {
        const results = await Promise.allSettled(this.open.splice(0).map((c) => this.closeConnection(c)));
        const failure = results.find((r) => r.status === 'rejected');
        if (failure)
            throw failure.reason;
    }
}
exports.SessionAdapterFactory = SessionAdapterFactory;
//# sourceMappingURL=pg-adapter.js.map