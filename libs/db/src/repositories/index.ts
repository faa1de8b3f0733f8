import type { Db } from '../prisma-client';
import { apiKeyRepository } from './api-keys';
import { embedTokenRepository } from './embed-tokens';
import { registeredAppRepository } from './registered-apps';
import { botRepository } from './bots';
import { channelRepository } from './channels';
import { conversationRepository } from './conversations';
import { endUserRepository } from './end-users';
import { messageRepository } from './messages';
import { sessionRepository } from './sessions';
import { organizationRepository } from './organizations';
import { userRepository } from './users';
import { knowledgeRepository } from './knowledge';
import { leadRepository } from './leads';
import { telemetryRepository } from './telemetry';
import { usageRepository } from './usage';
import { widgetConversationRepository } from './widget-conversations';
import { deviceRepository } from './devices';
import { pushCredentialRepository } from './push-credentials';
import { pushTargetRepository } from './push-targets';
import { webhookDeliveryRepository } from './webhook-deliveries';
import { webhookEndpointRepository } from './webhook-endpoints';
import { widgetVisitorRepository } from './widget-visitors';

/**
 * Every repository over one client (the service's `Db`, or a transaction's). They hold nothing
 * but that client, so one set per client is built once and shared: this runs on every message,
 * and building the ~20 repositories' closures each time was a tenth of a gateway's allocations
 * under load (docs/benchmarks.md).
 */
export function createRepositories(db: Db): Repositories {
  let repos = built.get(db);
  if (!repos) built.set(db, (repos = buildRepositories(db)));
  return repos;
}

const built = new WeakMap<Db, Repositories>();

function buildRepositories(db: Db) {
  return {
    organizations: organizationRepository(db),
    users: userRepository(db),
    bots: botRepository(db),
    channels: channelRepository(db),
    endUsers: endUserRepository(db),
    conversations: conversationRepository(db),
    messages: messageRepository(db),
    sessions: sessionRepository(db),
    apiKeys: apiKeyRepository(db),
    embedTokens: embedTokenRepository(db),
    registeredApps: registeredAppRepository(db),
    knowledge: knowledgeRepository(db),
    leads: leadRepository(db),
    telemetry: telemetryRepository(db),
    usage: usageRepository(db),
    widgetConversations: widgetConversationRepository(db),
    devices: deviceRepository(db),
    pushCredentials: pushCredentialRepository(db),
    pushTargets: pushTargetRepository(db),
    webhookEndpoints: webhookEndpointRepository(db),
    webhookDeliveries: webhookDeliveryRepository(db),
    widgetVisitors: widgetVisitorRepository(db),
  };
}
export type Repositories = ReturnType<typeof buildRepositories>;

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
export { leadRepository, type LeadFilter, type LeadInput, type LeadRow } from './leads';
export { telemetryRepository, type NewTelemetryEvent } from './telemetry';
export { usageRepository, usagePeriod, type UsageMetricName } from './usage';
export { widgetConversationRepository, type WidgetBot } from './widget-conversations';
export { readReceiptRepository } from './read-receipts';
export { widgetVisitorRepository, type NewVisitor, type CreatedVisitor, type VisitorSnapshot } from './widget-visitors';
export { botRepository, type BotRow, type BotSettings } from './bots';
export { sessionRepository, type ConversationSessionRow, type OpenSessionChange, type SessionAssignment } from './sessions';
export { conversationRepository, type ConversationCursor, type ConversationFilter, type ConversationWithParticipants } from './conversations';
export { channelRepository, type ChannelWithPush } from './channels';
export { deviceRepository, type DeviceInput, type DeviceOutcome } from './devices';
export { pushCredentialRepository, pushCredentialAad, type PushCredentialInput, type PushPlatformName } from './push-credentials';
export { pushTargetRepository, type PushTarget, type PushTargetDevice, type PushTargetKey } from './push-targets';
export { webhookEndpointRepository, webhookSecretAad, type NewWebhookEndpoint } from './webhook-endpoints';
export {
  webhookDeliveryRepository,
  type AttemptRecord,
  type NewWebhookDelivery,
  type WebhookDeliveryStatusName,
} from './webhook-deliveries';
