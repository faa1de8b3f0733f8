import { api } from '../lib/http';
import type { AgentMessage, ConversationDetails, InboxConversation, InboxConversationList, InboxFilter, ResolveResponse, TagsResponse, TeamDirectory } from './types';

/** The agent side: lists, history, details, claim, resolve and tags. Messages go over the socket. */
export const inboxApi = {
  list: (filter: InboxFilter, cursor?: string | null) =>
    api<InboxConversationList>('/api/inbox/conversations', { query: { filter, limit: 50, cursor } }),
  get: (id: string) => api<InboxConversation>(`/api/inbox/conversations/${id}`),
  details: (id: string) => api<ConversationDetails>(`/api/inbox/conversations/${id}/details`),
  team: () => api<TeamDirectory>('/api/inbox/team'),
  /** `offset` counts from the newest message: the page before the newest `offset`. */
  messages: (id: string, limit: number, offset: number) =>
    api<AgentMessage[]>(`/api/conversations/${id}/messages`, { query: { limit, offset } }),
  assign: (id: string) => api<{ assigned_agent_id: string }>(`/api/conversations/${id}/assign`, { method: 'POST' }),
  resolve: (id: string, tags: string[]) => api<ResolveResponse>(`/api/conversations/${id}/resolve`, { method: 'POST', body: { tags } }),
  tags: (id: string, change: { add?: string[]; remove?: string[] }) =>
    api<TagsResponse>(`/api/conversations/${id}/tags`, { method: 'POST', body: change }),
};
