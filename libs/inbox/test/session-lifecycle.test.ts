import { Topics } from '@parley/contracts';
import { useTestInfra } from '@parley/testing';
import { assignConversation, editSessionTags, resolveConversation, sendAgentMessage } from '../src';
import { codeOf, inboxHarness, meta, seedConversation, seedOrg, visitorSays } from './fixtures';

const infra = useTestInfra();

describe('session lifecycle: open → resolved → a new session on the next end-user message', () => {
  let h: ReturnType<typeof inboxHarness>;
  beforeAll(async () => {
    h = inboxHarness(infra);
    await h.listen(Topics.conversationResolved);
  });
  afterAll(() => h.close());

  it('keeps first_message_at, assigned_at and resolved_at, and opens a fresh session afterwards', async () => {
    const org = await seedOrg(infra.db, 'life');
    const { conversationId, visitor } = await seedConversation(infra.db, org);
    const agent = org.agents[0]!;
    await assignConversation(h.deps, org.orgId, { conversationId, agentId: agent.id }, meta);
    await editSessionTags(h.deps, org.orgId, { conversationId, add: ['vip', 'billing'] });

    const resolved = await resolveConversation(h.deps, org.orgId, { conversationId, tags: ['billing', 'refund'], resolvedById: agent.id }, meta);
    expect(resolved.tags).toEqual(['vip', 'billing', 'refund']);
    const old = await infra.db.conversationSession.findUniqueOrThrow({ where: { id: resolved.sessionId } });
    expect(old).toMatchObject({ status: 'resolved', openConversationId: null, assignedAgentId: agent.id, resolvedById: agent.id, tags: ['vip', 'billing', 'refund'] });
    expect(old.firstMessageAt).not.toBeNull();
    expect(old.assignedAt).not.toBeNull();
    expect(old.resolvedAt?.getTime()).toBe(resolved.resolvedAt.getTime());
    expect(await h.waitFor(Topics.conversationResolved, (p) => p.conversationId === conversationId)).toEqual({
      orgId: org.orgId,
      conversationId,
      sessionId: resolved.sessionId,
      tags: ['vip', 'billing', 'refund'],
    });

    // Resolved: nothing to resolve, tag or answer until the end user writes again.
    expect(await codeOf(resolveConversation(h.deps, org.orgId, { conversationId }, meta))).toBe('409 NO_OPEN_SESSION');
    expect(await codeOf(editSessionTags(h.deps, org.orgId, { conversationId, add: ['x'] }))).toBe('409 NO_OPEN_SESSION');
    expect(await codeOf(sendAgentMessage(h.deps, org.orgId, { conversationId, agentId: agent.id, content: 'one more thing' }, meta))).toBe(
      '409 NO_OPEN_SESSION',
    );

    const before = await infra.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    const next = await visitorSays(infra.db, org.orgId, conversationId, visitor, 'Me again');
    expect(next.sessionId).not.toBe(resolved.sessionId);
    const fresh = await infra.db.conversationSession.findUniqueOrThrow({ where: { id: next.sessionId } });
    expect(fresh).toMatchObject({ status: 'open', assignedAgentId: null, assignedAt: null, resolvedAt: null, tags: [] });
    expect(fresh.firstMessageAt?.getTime()).toBe(next.createdAt.getTime());
    const after = await infra.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    expect(after.updatedAt.getTime()).toBe(next.createdAt.getTime());
  });

  it('tags: adds, removes, keeps order, refuses more than 20, and refuses other organizations', async () => {
    const org = await seedOrg(infra.db, 'tags');
    const other = await seedOrg(infra.db, 'tags-other');
    const { conversationId } = await seedConversation(infra.db, org);
    expect((await editSessionTags(h.deps, org.orgId, { conversationId, add: ['a', ' b ', 'a', 'c'] })).tags).toEqual(['a', 'b', 'c']);
    expect((await editSessionTags(h.deps, org.orgId, { conversationId, add: ['d'], remove: ['b', 'zzz'] })).tags).toEqual(['a', 'c', 'd']);
    const many = Array.from({ length: 18 }, (_, i) => `t${i}`);
    expect(await codeOf(editSessionTags(h.deps, org.orgId, { conversationId, add: many }))).toBe('400 VALIDATION_FAILED');
    expect(await codeOf(editSessionTags(h.deps, other.orgId, { conversationId, add: ['x'] }))).toBe('404 CONVERSATION_NOT_FOUND');
    // Two agents tagging at once both keep their tag: the edit runs under the conversation lock.
    await Promise.all(['p', 'q', 'r', 's'].map((t) => editSessionTags(h.deps, org.orgId, { conversationId, add: [t] })));
    const session = await infra.db.conversationSession.findFirstOrThrow({ where: { conversationId, status: 'open' } });
    expect([...session.tags].sort()).toEqual(['a', 'c', 'd', 'p', 'q', 'r', 's']);
  });

  it('a resolve racing an end-user message never leaves two open sessions nor a message in a session closed before it (30 rounds)', async () => {
    const org = await seedOrg(infra.db, 'race');
    for (let round = 0; round < 30; round++) {
      const { conversationId, visitor } = await seedConversation(infra.db, org);
      const [resolved, message] = await Promise.all([
        resolveConversation(h.deps, org.orgId, { conversationId }, meta),
        visitorSays(infra.db, org.orgId, conversationId, visitor, `race ${round}`),
      ]);
      const sessions = await infra.db.conversationSession.findMany({ where: { conversationId } });
      expect(sessions.filter((s) => s.status === 'open').length).toBeLessThanOrEqual(1);
      const holder = sessions.find((s) => s.id === message.sessionId)!;
      if (holder.id === resolved.sessionId) {
        // The message came first and was resolved along with its session.
        expect(message.createdAt.getTime()).toBeLessThanOrEqual(resolved.resolvedAt.getTime());
      } else {
        // The resolve came first: the message opened the conversation's next session.
        expect(holder).toMatchObject({ status: 'open', openConversationId: conversationId });
      }
    }
  });
});
