// The shapes the app reads and sends: the server's own contracts (types only; nothing of
// @parley/contracts ends up in the bundle), plus the few the browser adds.
import type { AgentMessage, ServerEventPayload, UsageMonth } from '@parley/contracts';

export type {
  ActivityDay,
  ActivityResponse,
  AgentMessage,
  ApiKeyScope,
  ApiKeyView,
  AppView,
  AppWithSecret,
  ArticleView,
  BotView,
  ChannelView,
  ConsoleLeadView,
  ContentType,
  ConversationDetails,
  CreatedApiKey,
  CreatedEmbedToken,
  CurrentUser,
  EmbedTokenView,
  InboxConversation,
  InboxConversationList,
  LoginResponse,
  MeResponse,
  MemberView,
  PushCredentialView,
  ResolveResponse,
  SenderType,
  SessionView,
  TagsResponse,
  TeamDirectory,
  UsageMonth,
  UserRole,
  WebhookDeliveryDetail,
  WebhookDeliveryView,
  WebhookEndpointView,
  WebhookEndpointWithSecret,
} from '@parley/contracts';
export type { AckPayload, ServerEventPayload } from '@parley/contracts';

/** `GET /api/console/usage` (the contract exports only its schema). */
export interface UsageResponse {
  from: string;
  to: string;
  months: UsageMonth[];
}

export type InboxFilter = 'unassigned' | 'mine' | 'all';
export const INBOX_FILTERS: readonly InboxFilter[] = ['unassigned', 'mine', 'all'];

/** A message in the app: stored, or still on its way (optimistic) with its client id. */
export interface ChatMessage extends AgentMessage {
  /** Set while the server has not confirmed it: `sending`, or `failed` with a reason. */
  delivery?: 'sending' | 'failed';
  failure?: string;
  client_message_id?: string;
}

export type IncomingMessage = ServerEventPayload<'message_received'>;

/** API key scopes and what each allows (the server's list, repeated for the form). */
export const API_KEY_SCOPE_LABELS: Record<string, string> = {
  'conversations:read': 'List and read conversations and their messages',
  'conversations:write': 'Open, assign, tag and resolve conversations',
  'messages:write': 'Send messages into conversations',
  'webhooks:manage': 'Create, change and delete webhook endpoints',
  'leads:read': 'Read captured leads',
};

export const WEBHOOK_EVENTS = ['message.created', 'conversation.created', 'conversation.assigned', 'conversation.resolved', 'lead.created'] as const;
