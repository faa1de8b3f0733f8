/**
 * Issuing and revoking credentials: embed tokens, API keys, registered apps and their keys. The
 * auth-token routes and the admin CLI both call these, so the rules (what a valid origin, scope
 * or public key is; what is stored hashed or encrypted; what is shown once) exist once.
 * Request guards live in @parley/auth; only `authenticateClient` (HTTP Basic of a registered
 * app) is here, next to the client-secret format it checks.
 */
export * from './embed-tokens';
export * from './api-keys';
export * from './public-keys';
export * from './client-secrets';
export * from './registered-apps';
