import { type CommonOptions } from './options';
export type ApplyMigrationsOptions = CommonOptions;
export declare function applyMigrations(options: ApplyMigrationsOptions): Promise<{
    applied: string[];
}>;
