// Loads Prisma's schema engine compiled to WebAssembly. The native engine binary cannot be
// downloaded here, so `prisma migrate` is replaced by this engine driven through a pg adapter.
//
// The wasm file ships in the `prisma` CLI package; its JavaScript glue (same interface, pinned
// to the exact matching version) comes from `@prisma/schema-engine-wasm`.
import fs from 'node:fs';
import path from 'node:path';
import type * as Glue from '@prisma/schema-engine-wasm';

export type SchemaEngine = Glue.SchemaEngine;
type GlueModule = typeof Glue & Record<string, unknown>;

// The WebAssembly global, typed for what we use (the project's `lib` has no DOM/wasm types).
interface WasmModule {
  readonly __brand: 'WebAssembly.Module';
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, object>) => { exports: Record<string, unknown> };
}
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: WasmModule | undefined;

/** Compiling 5 MB of wasm is the costly part; it is immutable, so do it once per process. */
function compiledEngine(): WasmModule {
  if (!compiled) {
    const wasmPath = path.join(path.dirname(require.resolve('prisma/package.json')), 'build/schema_engine_bg.wasm');
    compiled = new Wasm.Module(fs.readFileSync(wasmPath));
  }
  return compiled;
}

/** What the glue gets from us instead of globals (see loadSchemaEngine). */
interface GlueHost {
  setTimeout: typeof setTimeout;
  panicRegistry: { set_message(message: string): void };
}

/**
 * The glue is an ES module with no imports, only `export function` / `export class`
 * declarations. Jest (CommonJS, no transform for node_modules) cannot `require` it, so we
 * evaluate its source as a function body instead: one code path for jest, tsx and plain node.
 * Each evaluation also yields a private module scope (the glue keeps the wasm instance in a
 * module-level variable), so every engine session gets its own fresh wasm instance: no state
 * shared between concurrent sessions, and a Rust panic cannot poison later ones.
 */
function evaluateGlue(host: GlueHost): GlueModule {
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const source = fs.readFileSync(gluePath, 'utf8');
  const names: string[] = [];
  const body = source
    .replace(/^export (function|class) (\w+)/gm, (_m, kind: string, name: string) => {
      names.push(name);
      return `${kind} ${name}`;
    })
    // The panic hook reports through `global.PRISMA_WASM_PANIC_REGISTRY`; give it our own.
    .replace(/\bglobal\.PRISMA_WASM_PANIC_REGISTRY\b/g, '__host.panicRegistry');
  if (/^\s*(import|export)\b/m.test(body) || !body.includes('__host.panicRegistry')) {
    throw new Error(`Unexpected glue code in ${gluePath}: is @prisma/schema-engine-wasm the pinned version?`);
  }
  const factory = new Function(
    '__host',
    'setTimeout',
    `${body}\nreturn { ${names.join(', ')} };\n//# sourceURL=${gluePath}`,
  );
  return factory(host, host.setTimeout) as GlueModule;
}

export interface LoadedEngine {
  SchemaEngine: typeof Glue.SchemaEngine;
  /** Clears the timers the engine left behind; call once its work is over. */
  dispose(): void;
  /** The Rust panic message, if the engine panicked (it then fails with "unreachable"). */
  panicMessage(): string | undefined;
}

/** Instantiates a fresh wasm engine module. */
export function loadSchemaEngine(): LoadedEngine {
  // The engine arms 10 s timeouts (e.g. around the migrations advisory lock) and never clears
  // them: the glue imports setTimeout but no clearTimeout. Left alone they keep node (and jest
  // workers) alive for 10 s after the work is done, so track them and clear them on dispose.
  const timers = new Set<NodeJS.Timeout>();
  const trackedSetTimeout = ((callback: () => void, ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      callback();
    }, ms);
    timers.add(timer);
    return timer;
  }) as typeof setTimeout;

  let panic: string | undefined;
  const glue = evaluateGlue({
    setTimeout: trackedSetTimeout,
    panicRegistry: { set_message: (message) => void (panic = message) },
  });
  // The wasm imports every helper from the glue under the module name wasm-bindgen gave it.
  const instance = new Wasm.Instance(compiledEngine(), { './schema_engine_bg.js': glue });
  const setWasm = glue['__wbg_set_wasm'] as (exports: object) => void;
  setWasm(instance.exports);
  (instance.exports['__wbindgen_start'] as () => void)();
  return {
    SchemaEngine: glue.SchemaEngine,
    dispose: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
    panicMessage: () => panic,
  };
}
