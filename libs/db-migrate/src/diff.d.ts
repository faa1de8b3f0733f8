import { type CommonOptions } from './options';
export type DiffOptions = CommonOptions;
export declare function diffMigrationsToSchema(options: DiffOptions): Promise<string>;
/** '' when the script is only comments and blank lines ("-- This is an empty migration."). */
export declare function meaningfulSql(script: string): string;
