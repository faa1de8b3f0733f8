export * from './secret-tokens';
export * from './passwords';
export * from './keyring';
export * from './envelope';
export * from './widget-token';
export * from './credential-key';
export * from './replay-guard';
export * from './identity-assertion';
export { MAX_TOKEN_LENGTH } from './unverified-jwt';
