"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.diffMigrationsToSchema = diffMigrationsToSchema;
exports.meaningfulSql = meaningfulSql;
const engine_session_1 = require("./engine-session");
const migrations_dir_1 = require("./migrations-dir");
const options_1 = require("./options");
async function diffMigrationsToSchema(options) {
    const opts = (0, options_1.resolveOptions)(options);
    const list = await (0, migrations_dir_1.readMigrationsList)(opts.migrationsDir);
    // The engine cannot tell the provider of an empty history (no lock file yet): start from
    // nothing instead. Replaying real migrations needs a shadow database.
    const hasHistory = list.migrationDirectories.length > 0;
    const from = hasHistory ? { tag: 'migrations', ...list } : { tag: 'empty' };
    return (0, engine_session_1.withEngine)({ ...opts, ...(hasHistory ? { shadow: 'temporary' } : {}) }, async ({ engine, schemaFiles }) => {
        const result = await engine.diff({
            from,
            to: { tag: 'schemaDatamodel', files: schemaFiles },
            script: true,
            exitCode: null,
            filters: options_1.NO_FILTERS,
        });
        return meaningfulSql(result.stdout ?? '');
    });
}
/** '' when the script is only comments and blank lines ("-- This is an empty migration."). */
function meaningfulSql(script) {
    const hasStatement = script.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--'));
    return hasStatement ? script.trim() + '\n' : '';
}
//# sourceMappingURL=diff.js.map