import { revokeEmbedToken as revokeToken } from '@parley/credentials';
import { revocation } from './revoke-command';

const embedTokens = revocation({
  name: 'revoke-embed-token',
  what: 'embed token',
  summary: 'revoke an embed token (sites using it stop loading the widget)',
  revoke: revokeToken,
});
export const revokeEmbedToken = embedTokens.revoke;
export const revokeEmbedTokenCommand = embedTokens.command;
