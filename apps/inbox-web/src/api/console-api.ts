import { api } from '../lib/http';
import type {
  ActivityResponse,
  ApiKeyView,
  AppView,
  AppWithSecret,
  ArticleView,
  BotView,
  ChannelView,
  ConsoleLeadView,
  CreatedApiKey,
  CreatedEmbedToken,
  EmbedTokenView,
  MemberView,
  PushCredentialView,
  UsageResponse,
  WebhookDeliveryDetail,
  WebhookDeliveryView,
  WebhookEndpointView,
  WebhookEndpointWithSecret,
} from './types';

type Body = Record<string, unknown>;
const post = <T>(path: string, body?: Body) => api<T>(path, { method: 'POST', ...(body ? { body } : {}) });
const patch = <T>(path: string, body: Body) => api<T>(path, { method: 'PATCH', body });
const del = (path: string) => api<void>(path, { method: 'DELETE' });

/** Every admin resource the console edits, across the services that own them (the edge routes by path). */
export const consoleApi = {
  bots: {
    list: () => api<{ bots: BotView[] }>('/api/console/bots'),
    get: (id: string) => api<BotView>(`/api/console/bots/${id}`),
    create: (body: Body) => post<BotView>('/api/console/bots', body),
    update: (id: string, body: Body) => patch<BotView>(`/api/console/bots/${id}`, body),
  },
  knowledge: {
    list: (botId: string) => api<{ articles: ArticleView[] }>(`/api/console/bots/${botId}/knowledge`),
    create: (botId: string, body: Body) => post<ArticleView>(`/api/console/bots/${botId}/knowledge`, body),
    update: (botId: string, id: string, body: Body) => patch<ArticleView>(`/api/console/bots/${botId}/knowledge/${id}`, body),
    remove: (botId: string, id: string) => del(`/api/console/bots/${botId}/knowledge/${id}`),
  },
  channels: {
    list: (query: { bot_id?: string; type?: string } = {}) => api<{ channels: ChannelView[] }>('/api/console/channels', { query }),
    create: (body: Body) => post<ChannelView>('/api/console/channels', body),
    update: (id: string, body: Body) => patch<ChannelView>(`/api/console/channels/${id}`, body),
  },
  push: {
    list: (channelId: string) => api<{ credentials: PushCredentialView[] }>(`/api/push/channels/${channelId}/credentials`),
    setFcm: (channelId: string, body: Body) => api<PushCredentialView>(`/api/push/channels/${channelId}/credentials/fcm`, { method: 'PUT', body }),
    setApns: (channelId: string, body: Body) => api<PushCredentialView>(`/api/push/channels/${channelId}/credentials/apns`, { method: 'PUT', body }),
    remove: (channelId: string, platform: string) => del(`/api/push/channels/${channelId}/credentials/${platform}`),
  },
  embedTokens: {
    list: () => api<{ embed_tokens: EmbedTokenView[] }>('/api/embed-tokens'),
    create: (body: Body) => post<CreatedEmbedToken>('/api/embed-tokens', body),
    revoke: (id: string) => del(`/api/embed-tokens/${id}`),
  },
  apiKeys: {
    list: () => api<{ api_keys: ApiKeyView[] }>('/api/api-keys'),
    create: (body: Body) => post<CreatedApiKey>('/api/api-keys', body),
    revoke: (id: string) => del(`/api/api-keys/${id}`),
  },
  apps: {
    list: () => api<{ apps: AppView[] }>('/api/apps'),
    create: (body: Body) => post<AppWithSecret>('/api/apps', body),
    rotateSecret: (id: string) => post<AppWithSecret>(`/api/apps/${id}/secret`),
    revoke: (id: string) => del(`/api/apps/${id}`),
  },
  webhooks: {
    list: () => api<{ endpoints: WebhookEndpointView[] }>('/api/webhooks'),
    create: (body: Body) => post<WebhookEndpointWithSecret>('/api/webhooks', body),
    update: (id: string, body: Body) => patch<WebhookEndpointView>(`/api/webhooks/${id}`, body),
    remove: (id: string) => del(`/api/webhooks/${id}`),
    rotateSecret: (id: string) => post<WebhookEndpointWithSecret>(`/api/webhooks/${id}/rotate-secret`, {}),
    deliveries: (id: string) => api<{ deliveries: WebhookDeliveryView[] }>(`/api/webhooks/${id}/deliveries`, { query: { limit: 100 } }),
    delivery: (deliveryId: string) => api<WebhookDeliveryDetail>(`/api/webhooks/deliveries/${deliveryId}`),
    redeliver: (deliveryId: string) => post<unknown>(`/api/webhooks/deliveries/${deliveryId}/redeliver`),
  },
  members: {
    list: () => api<{ members: MemberView[] }>('/api/console/members'),
    create: (body: Body) => post<MemberView>('/api/console/members', body),
    update: (id: string, body: Body) => patch<MemberView>(`/api/console/members/${id}`, body),
  },
  leads: {
    list: (query: Record<string, string | undefined>) => api<{ leads: ConsoleLeadView[]; next_cursor: string | null }>('/api/console/leads', { query }),
  },
  insights: {
    activity: (from: string, to: string) => api<ActivityResponse>('/api/console/activity', { query: { from, to } }),
    usage: () => api<UsageResponse>('/api/console/usage'),
  },
};
