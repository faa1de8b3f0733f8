import { useTestInfra } from '@parley/testing';
import { seedConversation } from './fixtures';

const infra = useTestInfra();

describe('messages.append', () => {
  it('numbers messages 1, 2, 3… without gaps even when written concurrently', async () => {
    const { orgId, conversation, repos } = await seedConversation(infra.db, 'conc');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        repos.messages.append(orgId, { conversationId: conversation.id, senderType: 'end_user', senderId: 'v', content: `m${i}` }),
      ),
    );
    const seqs = results.map((r) => (r.kind === 'created' ? r.message.seq : -1)).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const stored = await infra.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    expect(stored.lastSeq).toBe(20);
  });

  it('returns the stored message for a retried client message id, concurrently too', async () => {
    const { orgId, conversation, repos } = await seedConversation(infra.db, 'retry');
    const send = () =>
      repos.messages.append(orgId, { conversationId: conversation.id, senderType: 'end_user', senderId: 'v', content: 'once', clientMessageId: 'k1' });
    const results = await Promise.all([send(), send(), send(), send()]);
    expect(results.filter((r) => r.kind === 'created')).toHaveLength(1);
    const ids = new Set(results.map((r) => (r.kind === 'not_found' ? null : r.message.id)));
    expect(ids.size).toBe(1);
    expect(await infra.db.message.count({ where: { conversationId: conversation.id } })).toBe(1);
    // The retry did not burn a sequence number.
    const next = await repos.messages.append(orgId, { conversationId: conversation.id, senderType: 'end_user', senderId: 'v', content: 'two' });
    expect(next.kind === 'created' && next.message.seq).toBe(2);
  });

  it('opens a session on the first message and a new one after a resolve; bumps updated_at', async () => {
    const { orgId, conversation, repos } = await seedConversation(infra.db, 'sess');
    const first = await repos.messages.append(orgId, { conversationId: conversation.id, senderType: 'end_user', senderId: 'v', content: 'a' });
    if (first.kind !== 'created') throw new Error('expected created');
    const session = await infra.db.conversationSession.findUniqueOrThrow({ where: { id: first.message.sessionId } });
    expect(session.status).toBe('open');
    expect(session.firstMessageAt).not.toBeNull();
    await infra.db.conversationSession.update({
      where: { id: session.id },
      data: { status: 'resolved', openConversationId: null, resolvedAt: new Date() },
    });
    const second = await repos.messages.append(orgId, { conversationId: conversation.id, senderType: 'end_user', senderId: 'v', content: 'b' });
    expect(second.kind === 'created' && second.message.sessionId).not.toBe(session.id);
    const after = await infra.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(conversation.updatedAt.getTime());
    expect(after.lastMessageAt).not.toBeNull();
  });

  it('pages history newest-last and resumes after a seq', async () => {
    const { orgId, conversation, repos } = await seedConversation(infra.db, 'page');
    for (let i = 1; i <= 5; i++) {
      await repos.messages.append(orgId, { conversationId: conversation.id, senderType: 'end_user', senderId: 'v', content: `m${i}` });
    }
    expect((await repos.messages.page(orgId, conversation.id, { limit: 2, offset: 0 })).map((m) => m.seq)).toEqual([4, 5]);
    expect((await repos.messages.page(orgId, conversation.id, { limit: 2, offset: 2 })).map((m) => m.seq)).toEqual([2, 3]);
    expect((await repos.messages.after(orgId, conversation.id, 3)).map((m) => m.seq)).toEqual([4, 5]);
  });
});
