import { revokeApiKey as revokeKey } from '@parley/credentials';
import { revocation } from './revoke-command';

const apiKeys = revocation({
  name: 'revoke-api-key',
  what: 'API key',
  summary: 'revoke an API key (refused from the next request on)',
  revoke: revokeKey,
});
export const revokeApiKey = apiKeys.revoke;
export const revokeApiKeyCommand = apiKeys.command;
