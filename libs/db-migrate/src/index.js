"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.repoRoot = exports.defaultSchemaPath = exports.defaultMigrationsDir = exports.parseDatabaseUrl = exports.MigrationError = exports.dropDatabase = exports.ensureDatabase = exports.migrationStatus = exports.diffMigrationsToSchema = exports.createMigration = exports.applyMigrations = void 0;
// @parley/db-migrate: Prisma Migrate (deploy, dev --create-only, diff, status) for Parley,
// driven through Prisma's schema engine compiled to WebAssembly and the pg driver adapter,
// since the native schema engine binary cannot be downloaded here.
var apply_migrations_1 = require("./apply-migrations");
Object.defineProperty(exports, "applyMigrations", { enumerable: true, get: function () { return apply_migrations_1.applyMigrations; } });
var create_migration_1 = require("./create-migration");
Object.defineProperty(exports, "createMigration", { enumerable: true, get: function () { return create_migration_1.createMigration; } });
var diff_1 = require("./diff");
Object.defineProperty(exports, "diffMigrationsToSchema", { enumerable: true, get: function () { return diff_1.diffMigrationsToSchema; } });
var status_1 = require("./status");
Object.defineProperty(exports, "migrationStatus", { enumerable: true, get: function () { return status_1.migrationStatus; } });
var ensure_database_1 = require("./ensure-database");
Object.defineProperty(exports, "ensureDatabase", { enumerable: true, get: function () { return ensure_database_1.ensureDatabase; } });
Object.defineProperty(exports, "dropDatabase", { enumerable: true, get: function () { return ensure_database_1.dropDatabase; } });
var errors_1 = require("./errors");
Object.defineProperty(exports, "MigrationError", { enumerable: true, get: function () { return errors_1.MigrationError; } });
var database_url_1 = require("./database-url");
Object.defineProperty(exports, "parseDatabaseUrl", { enumerable: true, get: function () { return database_url_1.parseDatabaseUrl; } });
var paths_1 = require("./paths");
Object.defineProperty(exports, "defaultMigrationsDir", { enumerable: true, get: function () { return paths_1.defaultMigrationsDir; } });
Object.defineProperty(exports, "defaultSchemaPath", { enumerable: true, get: function () { return paths_1.defaultSchemaPath; } });
Object.defineProperty(exports, "repoRoot", { enumerable: true, get: function () { return paths_1.repoRoot; } });
//# sourceMappingURL=index.js.map