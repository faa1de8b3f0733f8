"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.applyMigrations = applyMigrations;
// `prisma migrate deploy`: apply every migration not yet recorded in `_prisma_migrations`.
// Never generates SQL and needs no shadow database, so it is what production and tests run.
const engine_session_1 = require("./engine-session");
const ensure_database_1 = require("./ensure-database");
const migrations_dir_1 = require("./migrations-dir");
const options_1 = require("./options");
async function applyMigrations(options) {
    const opts = (0, options_1.resolveOptions)(options);
    // Like `migrate deploy`, create the database first if it does not exist.
    await (0, ensure_database_1.ensureDatabase)(opts.databaseUrl);
    const migrationsList = await (0, migrations_dir_1.readMigrationsList)(opts.migrationsDir);
    return (0, engine_session_1.withEngine)(opts, async ({ engine }) => {
        const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: options_1.NO_FILTERS });
        return { applied: appliedMigrationNames };
    });
}
//# sourceMappingURL=apply-migrations.js.map