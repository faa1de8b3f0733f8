export * from './roles';
export * from './session-store';
export * from './guards';
export * from './auth-plugin';
export * from './rate-limit';
export * from './widget-guard';
export * from './identity-verifier';
export * from './cookies';
