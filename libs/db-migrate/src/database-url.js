"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseDatabaseUrl = parseDatabaseUrl;
exports.withDatabase = withDatabase;
exports.redact = redact;
exports.quoteIdent = quoteIdent;
function parseDatabaseUrl(databaseUrl) {
    let url;
    try {
        url = new URL(databaseUrl);
    }
    catch {
        throw new Error(`Invalid database URL: ${redact(databaseUrl)}`);
    }
    if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
        throw new Error(`Only postgresql:// URLs are supported, got ${url.protocol}//`);
    }
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (!database)
        throw new Error(`The database URL names no database: ${redact(databaseUrl)}`);
    const config = {
        host: url.hostname || '127.0.0.1',
        port: url.port ? Number(url.port) : 5432,
        user: decodeURIComponent(url.username) || 'postgres',
        database,
    };
    if (url.password)
        config.password = decodeURIComponent(url.password);
    const sslmode = url.searchParams.get('sslmode');
    if (sslmode && sslmode !== 'disable')
        config.ssl = { rejectUnauthorized: sslmode === 'verify-full' };
    return { config, schema: url.searchParams.get('schema') || 'public' };
}
/** The same server and credentials, another database (shadow and maintenance connections). */
function withDatabase(target, database) {
    return { config: { ...target.config, database }, schema: target.schema };
}
/** URL with the password masked, for error messages. */
function redact(databaseUrl) {
    return databaseUrl.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
/** `"name"` with embedded quotes doubled: safe identifier for CREATE/DROP DATABASE. */
function quoteIdent(name) {
    return `"${name.replace(/"/g, '""')}"`;
}
//# sourceMappingURL=database-url.js.map