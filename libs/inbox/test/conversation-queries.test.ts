import { useTestInfra } from '@parley/testing';
import { assignConversation, decodeCursor, getConversation, listConversations, listMessages, toConversationSummary } from '../src';
import { codeOf, inboxHarness, meta, seedConversation, seedOrg, visitorSays } from './fixtures';

const infra = useTestInfra();

describe('inbox queries', () => {
  let h: ReturnType<typeof inboxHarness>;
  beforeAll(() => void (h = inboxHarness(infra)));
  afterAll(() => h.close());

  it('lists unassigned / mine / all, newest activity first, in pages joined by a cursor', async () => {
    const org = await seedOrg(infra.db, 'list');
    const convs: { conversationId: string; visitor: string }[] = [];
    for (let i = 0; i < 5; i++) convs.push(await seedConversation(infra.db, org));
    // Distinct activity times, a second apart in seeding order, so the expected order is certain.
    const base = Date.now() - 60_000;
    for (const [i, c] of convs.entries()) await infra.db.conversation.update({ where: { id: c.conversationId }, data: { updatedAt: new Date(base + i * 1000) } });
    const [ana] = org.agents;
    await assignConversation(h.deps, org.orgId, { conversationId: convs[1]!.conversationId, agentId: ana!.id }, meta);
    // A message moves the oldest conversation to the top.
    await visitorSays(infra.db, org.orgId, convs[0]!.conversationId, convs[0]!.visitor, 'bump');
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

    const all = await listConversations(infra.db, org.orgId, { filter: 'all', limit: 10 });
    expect(ids(all.items)).toEqual([0, 4, 3, 2, 1].map((i) => convs[i]!.conversationId));
    expect(all.nextCursor).toBeNull();
    const mine = await listConversations(infra.db, org.orgId, { filter: 'mine', agentId: ana!.id, limit: 10 });
    expect(ids(mine.items)).toEqual([convs[1]!.conversationId]);
    const unassigned = await listConversations(infra.db, org.orgId, { filter: 'unassigned', limit: 10 });
    expect(ids(unassigned.items)).toEqual([0, 4, 3, 2].map((i) => convs[i]!.conversationId));

    const page1 = await listConversations(infra.db, org.orgId, { filter: 'all', limit: 2 });
    const page2 = await listConversations(infra.db, org.orgId, { filter: 'all', limit: 2, cursor: page1.nextCursor! });
    const page3 = await listConversations(infra.db, org.orgId, { filter: 'all', limit: 2, cursor: page2.nextCursor! });
    expect([...ids(page1.items), ...ids(page2.items), ...ids(page3.items)]).toEqual(ids(all.items));
    expect(page3.nextCursor).toBeNull();
    expect(() => decodeCursor('not-a-cursor')).toThrow(expect.objectContaining({ statusCode: 400, code: 'VALIDATION_FAILED' }));

    const one = toConversationSummary(await getConversation(infra.db, org.orgId, convs[1]!.conversationId));
    expect(one.active_session).toMatchObject({ status: 'open', assigned_agent_id: ana!.id, tags: [] });
  });

  it('pages messages from the newest end and keeps other organizations out', async () => {
    const org = await seedOrg(infra.db, 'msgs');
    const other = await seedOrg(infra.db, 'msgs-other');
    const { conversationId, visitor } = await seedConversation(infra.db, org);
    for (let i = 2; i <= 5; i++) await visitorSays(infra.db, org.orgId, conversationId, visitor, `m${i}`);
    const seqs = (rows: { seq: number }[]) => rows.map((m) => m.seq);
    expect(seqs(await listMessages(infra.db, org.orgId, conversationId, { limit: 2, offset: 0 }))).toEqual([4, 5]);
    expect(seqs(await listMessages(infra.db, org.orgId, conversationId, { limit: 2, offset: 2 }))).toEqual([2, 3]);
    expect(seqs(await listMessages(infra.db, org.orgId, conversationId, { limit: 10, afterSeq: 3 }))).toEqual([4, 5]);
    expect(await codeOf(listMessages(infra.db, other.orgId, conversationId, { limit: 2, offset: 0 }))).toBe('404 CONVERSATION_NOT_FOUND');
    expect(await codeOf(getConversation(infra.db, other.orgId, conversationId))).toBe('404 CONVERSATION_NOT_FOUND');
    expect((await listConversations(infra.db, other.orgId, { filter: 'all', limit: 10 })).items).toEqual([]);
  });
});
