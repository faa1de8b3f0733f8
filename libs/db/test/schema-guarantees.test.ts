import { useTestInfra } from '@parley/testing';
import { isUniqueViolation, mapPrismaError } from '../src';
import { seedConversation } from './fixtures';

const infra = useTestInfra();

describe('database guarantees (enforced by Postgres, not only by our code)', () => {
  it('refuses a second message with the same seq in one conversation', async () => {
    const { orgId, conversation, repos } = await seedConversation(infra.db, 'seq');
    const first = await repos.messages.append(orgId, {
      conversationId: conversation.id,
      senderType: 'end_user',
      senderId: 'visitor-seq',
      content: 'hello',
    });
    if (first.kind !== 'created') throw new Error('expected a new message');
    const attempt = infra.db.message.create({
      data: {
        organizationId: orgId,
        conversationId: conversation.id,
        sessionId: first.message.sessionId,
        seq: first.message.seq,
        senderType: 'end_user',
        senderId: 'visitor-seq',
        content: 'same seq',
      },
    });
    const err = await attempt.catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect(mapPrismaError(err)).toMatchObject({ statusCode: 409, code: 'ALREADY_EXISTS' });
  });

  it('refuses a second message with the same client message id in one conversation', async () => {
    const { orgId, conversation, repos } = await seedConversation(infra.db, 'cmid');
    const first = await repos.messages.append(orgId, {
      conversationId: conversation.id,
      senderType: 'end_user',
      senderId: 'visitor-cmid',
      content: 'hi',
      clientMessageId: 'c-1',
    });
    if (first.kind !== 'created') throw new Error('expected a new message');
    const err = await infra.db.message
      .create({
        data: {
          organizationId: orgId,
          conversationId: conversation.id,
          sessionId: first.message.sessionId,
          seq: 99,
          clientMessageId: 'c-1',
          senderType: 'end_user',
          senderId: 'visitor-cmid',
        },
      })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
  });

  it('allows the same client message id in two different conversations', async () => {
    const a = await seedConversation(infra.db, 'cm-a');
    const b = await seedConversation(infra.db, 'cm-b');
    const input = { senderType: 'end_user' as const, senderId: 'v', content: 'x', clientMessageId: 'shared' };
    expect((await a.repos.messages.append(a.orgId, { ...input, conversationId: a.conversation.id })).kind).toBe('created');
    expect((await b.repos.messages.append(b.orgId, { ...input, conversationId: b.conversation.id })).kind).toBe('created');
  });

  it('refuses a second open session in one conversation', async () => {
    const { orgId, conversation } = await seedConversation(infra.db, 'open');
    const open = { organizationId: orgId, conversationId: conversation.id, openConversationId: conversation.id };
    await infra.db.conversationSession.create({ data: open });
    const err = await infra.db.conversationSession.create({ data: open }).catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
  });

  it('keeps one lead per bot and e-mail', async () => {
    const { orgId, bot } = await seedConversation(infra.db, 'lead');
    await infra.db.lead.create({ data: { organizationId: orgId, botId: bot.id, email: 'a@b.co' } });
    const err = await infra.db.lead.create({ data: { organizationId: orgId, botId: bot.id, email: 'a@b.co' } }).catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
  });
});
