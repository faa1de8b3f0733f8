"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.migrationStatus = migrationStatus;
const engine_session_1 = require("./engine-session");
const migrations_dir_1 = require("./migrations-dir");
const options_1 = require("./options");
async function migrationStatus(options) {
    const opts = (0, options_1.resolveOptions)(options);
    const migrationsList = await (0, migrations_dir_1.readMigrationsList)(opts.migrationsDir);
    const local = migrationsList.migrationDirectories.map((d) => d.path);
    const diagnosis = await (0, engine_session_1.withEngine)(opts, ({ engine }) => 
    // Like `migrate status`: read-only, no shadow database, no drift detection.
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: options_1.NO_FILTERS }));
    const { pending, missingFromFolder } = historyLists(diagnosis.history);
    const failed = diagnosis.failedMigrationNames;
    const notApplied = new Set([...pending, ...failed]);
    return {
        local,
        applied: local.filter((name) => !notApplied.has(name)),
        pending,
        failed,
        edited: diagnosis.editedMigrationNames,
        missingFromFolder,
        hasMigrationsTable: diagnosis.hasMigrationsTable,
        upToDate: !diagnosis.history && failed.length === 0 && diagnosis.editedMigrationNames.length === 0,
    };
}
function historyLists(history) {
    switch (history?.diagnostic) {
        case 'databaseIsBehind':
            return { pending: history.unappliedMigrationNames, missingFromFolder: [] };
        case 'migrationsDirectoryIsBehind':
            return { pending: [], missingFromFolder: history.unpersistedMigrationNames };
        case 'historiesDiverge':
            return { pending: history.unappliedMigrationNames, missingFromFolder: history.unpersistedMigrationNames };
        default:
            return { pending: [], missingFromFolder: [] };
    }
}
//# sourceMappingURL=status.js.map