import type * as Glue from '@prisma/schema-engine-wasm';
export type SchemaEngine = Glue.SchemaEngine;
export interface LoadedEngine {
    SchemaEngine: typeof Glue.SchemaEngine;
    /** Clears the timers the engine left behind; call once its work is over. */
    dispose(): void;
    /** The Rust panic message, if the engine panicked (it then fails with "unreachable"). */
    panicMessage(): string | undefined;
}
/** Instantiates a fresh wasm engine module. */
export declare function loadSchemaEngine(): LoadedEngine;
