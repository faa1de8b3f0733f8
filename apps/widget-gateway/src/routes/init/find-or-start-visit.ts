import { ErrorCode, notFound, type InitBody } from '@parley/contracts';
import { createRepositories, toWidgetMessage, type OrgId, type StoredMessage } from '@parley/db';
import type { InitDeps } from './init-visitor';
import { messagesJson } from './init-json';
import type { CachedVisit } from './visit-cache';
import { anonymousVisitorId, identityRequired, resolveVisitor, type Visitor } from './visitor-identity';

export interface WidgetPlace {
  orgId: OrgId;
  botId: string;
  channelId: string;
}

export interface Visit {
  visitor: Visitor;
  conversationId: string;
  isPreview: boolean;
  /** The newest messages, oldest first (none for a new conversation). */
  messages: StoredMessage[];
  /**
   * A returning visitor's fast path: the node's cache entry, with the messages already serialized
   * (then `messages` is not read) and room to keep the whole answer.
   */
  kept?: CachedVisit;
}

const conversationNotFound = () => notFound('Conversation', ErrorCode.CONVERSATION_NOT_FOUND);

/**
 * Who is chatting and in which conversation. Two fast paths cover nearly every page view:
 *
 * - an anonymous visitor seen for the first time: one batched INSERT of end user and conversation;
 * - an anonymous visitor coming back: one SELECT of end user, conversation and newest messages.
 *
 * Everything else (an identity assertion, a new display name, an end user without a conversation
 * on this channel, an id taken by someone else meanwhile) takes the careful path, which applies
 * every rule step by step. Both paths give the same answers; the tests run both.
 */
export async function findOrStartVisit(deps: InitDeps, place: WidgetPlace, body: InitBody, messages: number): Promise<Visit> {
  if (body.identity_assertion === undefined && body.customer_name === undefined) {
    const externalId = anonymousVisitorId(body);
    const fast = externalId === undefined ? await startNew(deps, place, body) : await findReturning(deps, place, body, externalId, messages);
    if (fast) return fast;
  }
  return carefully(deps, place, body, messages);
}

async function startNew(deps: InitDeps, place: WidgetPlace, body: InitBody, externalId?: string): Promise<Visit | null> {
  if (body.conversation_id !== undefined) return null;
  const created = await deps.visits.create({
    orgId: place.orgId,
    externalId: externalId ?? anonymousVisitorId(body, { mint: true }),
    channelId: place.channelId,
    botId: place.botId,
  });
  if (!created) return null;
  const visitor = { endUserId: created.endUserId, externalId: created.externalId, verified: false };
  return { visitor, conversationId: created.conversationId, isPreview: false, messages: [] };
}

async function findReturning(deps: InitDeps, place: WidgetPlace, body: InitBody, externalId: string, messages: number): Promise<Visit | null> {
  const { orgId, channelId } = place;
  // Only ever an anonymous end user with a conversation here: the two cases answered below.
  const kept = deps.visits.cached(orgId, channelId, externalId);
  if (kept) return resumed(deps, place, body, externalId, kept);
  const startedAt = deps.visits.startLoad();
  const snapshot = await deps.visits.snapshot(orgId, channelId, externalId, messages);
  if (!snapshot) return startNew(deps, place, body, externalId);
  // Only an identity assertion may speak for a verified end user.
  if (snapshot.verified) throw identityRequired();
  if (!snapshot.conversation) return null;
  const visit: CachedVisit = {
    endUserId: snapshot.endUserId,
    conversationId: snapshot.conversation.id,
    isPreview: snapshot.conversation.isPreview,
    messagesJson: messagesJson(snapshot.messages.map(toWidgetMessage)),
  };
  deps.visits.remember(orgId, channelId, externalId, startedAt, visit);
  return resumed(deps, place, body, externalId, visit);
}

function resumed(deps: InitDeps, place: WidgetPlace, body: InitBody, externalId: string, visit: CachedVisit): Visit {
  if (body.conversation_id !== undefined && body.conversation_id !== visit.conversationId) throw conversationNotFound();
  deps.visits.seen({ orgId: place.orgId, endUserId: visit.endUserId });
  return {
    visitor: { endUserId: visit.endUserId, externalId, verified: false },
    conversationId: visit.conversationId,
    isPreview: visit.isPreview,
    messages: [],
    kept: visit,
  };
}

/** Every rule, one step at a time: identity assertions, display names, claiming, new conversations. */
async function carefully(deps: InitDeps, place: WidgetPlace, body: InitBody, messages: number): Promise<Visit> {
  const { orgId, channelId } = place;
  const visitor = await resolveVisitor(deps.db, deps.verifier, orgId, body);
  const repos = createRepositories(deps.db);
  let conversation;
  if (body.conversation_id !== undefined) {
    // Resuming a named conversation: it must be this visitor's on this channel, or it is "not found".
    conversation = await repos.widgetConversations.findConversation(orgId, channelId, visitor.endUserId);
    if (!conversation || conversation.id !== body.conversation_id) throw conversationNotFound();
  } else {
    conversation = await repos.conversations.getOrCreate(orgId, { channelId, endUserId: visitor.endUserId, botId: place.botId });
    if (!conversation) throw conversationNotFound();
  }
  const history = conversation.lastSeq > 0 ? await repos.messages.page(orgId, conversation.id, { limit: messages, offset: 0 }) : [];
  return { visitor, conversationId: conversation.id, isPreview: conversation.isPreview, messages: history };
}
