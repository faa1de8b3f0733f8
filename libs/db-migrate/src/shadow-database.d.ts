import { type PgTarget } from './database-url';
export interface ShadowLease {
    target: PgTarget;
    /** Called once the lease's pool is closed: Postgres cannot drop a database in use. */
    release(): Promise<void>;
}
/** Hands out an empty shadow database per replay. */
export type ShadowProvider = () => Promise<ShadowLease>;
/** A new `<db>_shadow_<random>` per replay, dropped when the engine is done with it. */
export declare function temporaryShadows(main: PgTarget): ShadowProvider;
/**
 * A database the caller dedicated to this (e.g. no CREATEDB right). The engine replays into it
 * without emptying it first, so we empty its schema before each replay.
 */
export declare function fixedShadow(shadowDatabaseUrl: string): ShadowProvider;
