import { type CommonOptions } from './options';
export interface CreateMigrationOptions extends CommonOptions {
    /** Becomes the folder name suffix: `<YYYYMMDDHHMMSS>_<name>`. */
    name: string;
    /** A database dedicated to replaying migrations; default: temporary `<db>_shadow_<random>`. */
    shadowDatabaseUrl?: string;
}
export type CreateMigrationResult = {
    path: string;
} | {
    path: null;
    reason: 'no-changes';
};
export declare function createMigration(options: CreateMigrationOptions): Promise<CreateMigrationResult>;
