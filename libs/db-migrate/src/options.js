"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.NO_FILTERS = void 0;
exports.resolveOptions = resolveOptions;
// Options shared by every operation, and their defaults (the repository's prisma/ folder).
const node_path_1 = __importDefault(require("node:path"));
const paths_1 = require("./paths");
function resolveOptions(options) {
    return {
        databaseUrl: options.databaseUrl,
        migrationsDir: node_path_1.default.resolve(options.migrationsDir ?? (0, paths_1.defaultMigrationsDir)()),
        schemaPath: node_path_1.default.resolve(options.schemaPath ?? (0, paths_1.defaultSchemaPath)()),
        log: options.log,
    };
}
/** No tables or enums are managed outside Prisma (prisma.config.ts `tables.external`). */
exports.NO_FILTERS = { externalTables: [], externalEnums: [] };
//# sourceMappingURL=options.js.map