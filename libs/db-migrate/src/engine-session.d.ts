import { type LogFn } from './engine-log';
import { type SchemaEngine } from './wasm-engine';
export interface SessionOptions {
    databaseUrl: string;
    schemaPath: string;
    /** Shadow databases for replaying migrations: temporary ones, or the given database. */
    shadow?: 'temporary' | {
        url: string;
    };
    log?: LogFn | undefined;
}
export interface Session {
    engine: SchemaEngine;
    schemaFiles: Array<{
        path: string;
        content: string;
    }>;
}
export declare function withEngine<T>(options: SessionOptions, work: (session: Session) => Promise<T>): Promise<T>;
