"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.loadSchemaEngine = loadSchemaEngine;
// Loads Prisma's schema engine compiled to WebAssembly. The native engine binary cannot be
// downloaded here, so `prisma migrate` is replaced by this engine driven through a pg adapter.
//
// The wasm file ships in the `prisma` CLI package; its JavaScript glue (same interface, pinned
// to the exact matching version) comes from `@prisma/schema-engine-wasm`.
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
const Wasm = globalThis.WebAssembly;
let compiled;
/** Compiling 5 MB of wasm is the costly part; it is immutable, so do it once per process. */
function compiledEngine() {
    if (!compiled) {
        const wasmPath = node_path_1.default.join(node_path_1.default.dirname(require.resolve('prisma/package.json')), 'build/schema_engine_bg.wasm');
        compiled = new Wasm.Module(node_fs_1.default.readFileSync(wasmPath));
    }
    return compiled;
}
/**
 * The glue is an ES module with no imports, only `export function` / `export class`
 * declarations. Jest (CommonJS, no transform for node_modules) cannot `require` it, so we
 * evaluate its source as a function body instead: one code path for jest, tsx and plain node.
 * Each evaluation also yields a private module scope (the glue keeps the wasm instance in a
 * module-level variable), so every engine session gets its own fresh wasm instance: no state
 * shared between concurrent sessions, and a Rust panic cannot poison later ones.
 */
function evaluateGlue(host) {
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const source = node_fs_1.default.readFileSync(gluePath, 'utf8');
    const names = [];
    const body = source
        .replace(/^export (function|class) (\w+)/gm, (_m, kind, name) => {
        names.push(name);
        return `${kind} ${name}`;
    })
        // The panic hook reports through `global.PRISMA_WASM_PANIC_REGISTRY`; give it our own.
        .replace(/\bglobal\.PRISMA_WASM_PANIC_REGISTRY\b/g, '__host.panicRegistry');
    if (/^\s*(import|export)\b/m.test(body) || !body.includes('__host.panicRegistry')) {
        throw new Error(`Unexpected glue code in ${gluePath}: is @prisma/schema-engine-wasm the pinned version?`);
    }
    const factory = new Function('__host', 'setTimeout', `${body}\nreturn { ${names.join(', ')} };\n//# sourceURL=${gluePath}`);
    return factory(host, host.setTimeout);
}
/** Instantiates a fresh wasm engine module. */
function loadSchemaEngine() {
    // The engine arms 10 s timeouts (e.g. around the migrations advisory lock) and never clears
    // them: the glue imports setTimeout but no clearTimeout. Left alone they keep node (and jest
    // workers) alive for 10 s after the work is done, so track them and clear them on dispose.
    const timers = new Set();
    const trackedSetTimeout = ((callback, ms) => {
        const timer = setTimeout(() => {
            timers.delete(timer);
            callback();
        }, ms);
        timers.add(timer);
        return timer;
    });
    let panic;
    const glue = evaluateGlue({
        setTimeout: trackedSetTimeout,
        panicRegistry: { set_message: (message) => void (panic = message) },
    });
    // The wasm imports every helper from the glue under the module name wasm-bindgen gave it.
    const instance = new Wasm.Instance(compiledEngine(), { './schema_engine_bg.js': glue });
    const setWasm = glue['__wbg_set_wasm'];
    setWasm(instance.exports);
    instance.exports['__wbindgen_start']();
    return {
        SchemaEngine: glue.SchemaEngine,
        dispose: () => {
            for (const timer of timers)
                clearTimeout(timer);
            timers.clear();
        },
        panicMessage: () => panic,
    };
}
//# sourceMappingURL=wasm-engine.js.map