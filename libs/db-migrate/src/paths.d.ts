export declare function repoRoot(): string;
export declare const defaultMigrationsDir: () => string;
export declare const defaultSchemaPath: () => string;
