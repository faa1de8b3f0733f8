"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.defaultSchemaPath = exports.defaultMigrationsDir = void 0;
exports.repoRoot = repoRoot;
// Default locations of the schema and migrations: the repository's `prisma/` folder. The repo
// root is found by walking up to `nx.json`, so this works from `src/` (tsx, jest) and `dist/`.
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
let cachedRoot;
function repoRoot() {
    if (cachedRoot)
        return cachedRoot;
    for (let dir = __dirname;; dir = node_path_1.default.dirname(dir)) {
        if (node_fs_1.default.existsSync(node_path_1.default.join(dir, 'nx.json')))
            return (cachedRoot = dir);
        if (node_path_1.default.dirname(dir) === dir)
            throw new Error(`No nx.json above ${__dirname}: cannot locate the repository root`);
    }
}
const defaultMigrationsDir = () => node_path_1.default.join(repoRoot(), 'prisma', 'migrations');
exports.defaultMigrationsDir = defaultMigrationsDir;
const defaultSchemaPath = () => node_path_1.default.join(repoRoot(), 'prisma', 'schema.prisma');
exports.defaultSchemaPath = defaultSchemaPath;
//# sourceMappingURL=paths.js.map