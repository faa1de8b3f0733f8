import type { Db } from '../prisma-client';
import { apiKeyRepository } from './api-keys';
import { embedTokenRepository } from './embed-tokens';
import { registeredAppRepository } from './registered-apps';
import { botRepository } from './bots';
import { channelRepository } from './channels';
import { conversationRepository } from './conversations';
import { endUserRepository } from './end-users';
import { messageRepository } from './messages';
import { organizationRepository } from './organizations';
import { userRepository } from './users';
import { knowledgeRepository } from './knowledge';
import { leadRepository } from './leads';
import { telemetryRepository } from './telemetry';
import { usageRepository } from './usage';
import { widgetConversationRepository } from './widget-conversations';
import { widgetVisitorRepository } from './widget-visitors';

export function createRepositories(db: Db) {
  return {
    organizations: organizationRepository(db),
    users: userRepository(db),
    bots: botRepository(db),
    channels: channelRepository(db),
    endUsers: endUserRepository(db),
    conversations: conversationRepository(db),
    messages: messageRepository(db),
    apiKeys: apiKeyRepository(db),
    embedTokens: embedTokenRepository(db),
    registeredApps: registeredAppRepository(db),
    knowledge: knowledgeRepository(db),
    leads: leadRepository(db),
    telemetry: telemetryRepository(db),
    usage: usageRepository(db),
    widgetConversations: widgetConversationRepository(db),
    widgetVisitors: widgetVisitorRepository(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;

export { normalizeEmail } from './users';
export type { NewMessage, AppendResult } from './messages';
export { organizationRepository } from './organizations';
export { apiKeyRepository } from './api-keys';
export { userRepository } from './users';
export { embedTokenRepository, type ActiveEmbedToken, type NewEmbedToken } from './embed-tokens';
export {
  registeredAppRepository,
  signingKeySecretAad,
  type ActiveApp,
  type ListedApp,
  type ListedSigningKey,
  type NewSigningKey,
  type SigningAlgorithm,
} from './registered-apps';
export { knowledgeRepository, type KnowledgeArticleRow, type NewKnowledgeArticle } from './knowledge';
export { leadRepository, type LeadInput, type LeadRow } from './leads';
export { telemetryRepository, type NewTelemetryEvent } from './telemetry';
export { usageRepository, usagePeriod, type UsageMetricName } from './usage';
export { widgetConversationRepository, type WidgetBot } from './widget-conversations';
export { widgetVisitorRepository, type NewVisitor, type CreatedVisitor, type VisitorSnapshot } from './widget-visitors';
export { botRepository } from './bots';
