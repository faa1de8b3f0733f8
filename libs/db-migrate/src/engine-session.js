"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.withEngine = withEngine;
// One schema-engine session: a fresh wasm instance plus the adapter pools it uses, disposed
// together whatever happens, so nothing stays open (jest open handles, undroppable databases).
const node_fs_1 = __importDefault(require("node:fs"));
const driver_adapter_utils_1 = require("@prisma/driver-adapter-utils");
const database_url_1 = require("./database-url");
const pg_adapter_1 = require("./pg-adapter");
const shadow_database_1 = require("./shadow-database");
const errors_1 = require("./errors");
const engine_log_1 = require("./engine-log");
const wasm_engine_1 = require("./wasm-engine");
async function withEngine(options, work) {
    const main = (0, database_url_1.parseDatabaseUrl)(options.databaseUrl);
    const shadows = options.shadow === 'temporary' ? (0, shadow_database_1.temporaryShadows)(main) : options.shadow ? (0, shadow_database_1.fixedShadow)(options.shadow.url) : undefined;
    const factory = new pg_adapter_1.SessionAdapterFactory(main, shadows);
    let loaded;
    let engine;
    let failed = false;
    try {
        const schemaFiles = [{ path: options.schemaPath, content: node_fs_1.default.readFileSync(options.schemaPath, 'utf8') }];
        loaded = (0, wasm_engine_1.loadSchemaEngine)();
        engine = await loaded.SchemaEngine.new({ datamodels: schemaFiles.map((f) => [f.path, f.content]) }, (0, engine_log_1.engineLogger)(options.log), (0, driver_adapter_utils_1.bindMigrationAwareSqlAdapterFactory)(factory));
        return await work({ engine, schemaFiles });
    }
    catch (error) {
        failed = true;
        const panic = loaded?.panicMessage();
        throw (0, errors_1.toMigrationError)(panic ? new Error(`The schema engine crashed: ${panic}`, { cause: error }) : error, main);
    }
    finally {
        try {
            engine?.free();
        }
        catch {
            // After a panic the wasm instance is unusable and free() throws; it is dropped anyway.
        }
        loaded?.dispose();
        // A cleanup failure (say, dropping a shadow database) must not hide the original error.
        await factory.close().catch((error) => {
            if (!failed)
                throw (0, errors_1.toMigrationError)(error, main);
        });
    }
}
//# sourceMappingURL=engine-session.js.map