"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createMigration = createMigration;
// `prisma migrate dev --create-only`: write the next migration folder from the difference
// between the existing migrations (replayed on a shadow database) and schema.prisma. The new
// migration is written, never applied.
const engine_session_1 = require("./engine-session");
const ensure_database_1 = require("./ensure-database");
const migrations_dir_1 = require("./migrations-dir");
const options_1 = require("./options");
async function createMigration(options) {
    const opts = (0, options_1.resolveOptions)(options);
    if (!/^[A-Za-z0-9_-]+$/.test(options.name)) {
        throw new Error(`Migration name must use only letters, digits, "_" and "-": "${options.name}"`);
    }
    await (0, ensure_database_1.ensureDatabase)(opts.databaseUrl);
    const migrationsList = await (0, migrations_dir_1.readMigrationsList)(opts.migrationsDir);
    const shadow = options.shadowDatabaseUrl ? { url: options.shadowDatabaseUrl } : 'temporary';
    return (0, engine_session_1.withEngine)({ ...opts, shadow }, async ({ engine, schemaFiles }) => {
        // As `migrate dev` does, bring the dev database up to date with the existing migrations
        // first. It matters for the wasm engine: createMigration has no shadow database of its own
        // and reuses the end state devDiagnostic computed for the migrations applied to the dev
        // database; unless that is all of them it fails with "shadow DB must be provided through
        // an external factory".
        const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: options_1.NO_FILTERS });
        for (const name of appliedMigrationNames)
            opts.log?.(`Applied pending migration ${name} to the dev database`);
        const { action } = await engine.devDiagnostic({ migrationsList, filters: options_1.NO_FILTERS });
        // `migrate dev` would offer a reset here. The new migration depends only on the migrations
        // and the schema, not on the dev database, so go on and just report it.
        if (action.tag === 'reset')
            opts.log?.(`Warning: the dev database needs a reset: ${action.reason}`);
        const created = await engine.createMigration({
            draft: false,
            migrationName: options.name,
            migrationsList,
            schema: { files: schemaFiles },
            filters: options_1.NO_FILTERS,
        });
        if (created.migrationScript === null)
            return { path: null, reason: 'no-changes' };
        const path = await (0, migrations_dir_1.writeMigration)({
            baseDir: migrationsList.baseDir,
            name: created.generatedMigrationName,
            script: created.migrationScript,
            extension: created.extension,
            provider: created.connectorType,
        });
        return { path };
    });
}
//# sourceMappingURL=create-migration.js.map