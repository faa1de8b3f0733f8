export * from './sign-identity-assertion';
