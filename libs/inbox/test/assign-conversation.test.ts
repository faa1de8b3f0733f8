import { Topics } from '@parley/contracts';
import { useTestInfra } from '@parley/testing';
import { assignConversation } from '../src';
import { codeOf, inboxHarness, meta, seedConversation, seedOrg } from './fixtures';

const infra = useTestInfra();

describe('assignConversation', () => {
  let h: ReturnType<typeof inboxHarness>;
  beforeAll(async () => {
    h = inboxHarness(infra);
    await h.listen(Topics.conversationAssigned);
  });
  afterAll(() => h.close());

  it('gives the open session to the claiming agent, stamps assigned_at and tells the org queue', async () => {
    const org = await seedOrg(infra.db, 'claim');
    const { conversationId } = await seedConversation(infra.db, org);
    const [ana] = org.agents;
    const result = await assignConversation(h.deps, org.orgId, { conversationId, agentId: ana!.id }, meta);
    expect(result).toMatchObject({ conversationId, assignedAgentId: ana!.id, changed: true });
    const session = await infra.db.conversationSession.findUniqueOrThrow({ where: { id: result.sessionId } });
    expect(session).toMatchObject({ assignedAgentId: ana!.id, status: 'open' });
    expect(session.assignedAt?.getTime()).toBe(result.assignedAt.getTime());
    const event = await h.waitFor(Topics.conversationAssigned, (p) => p.conversationId === conversationId);
    expect(event).toEqual({ orgId: org.orgId, conversationId, sessionId: result.sessionId, assignedTo: ana!.id });
  });

  it('is a no-op for the holder, 409 ALREADY_ASSIGNED for anyone else; a reassignment moves it', async () => {
    const org = await seedOrg(infra.db, 'held');
    const { conversationId } = await seedConversation(infra.db, org);
    const [ana, ben] = org.agents;
    const first = await assignConversation(h.deps, org.orgId, { conversationId, agentId: ana!.id }, meta);
    const again = await assignConversation(h.deps, org.orgId, { conversationId, agentId: ana!.id }, meta);
    expect(again).toEqual({ ...first, changed: false });
    expect(await codeOf(assignConversation(h.deps, org.orgId, { conversationId, agentId: ben!.id }, meta))).toBe('409 ALREADY_ASSIGNED');

    const moved = await assignConversation(h.deps, org.orgId, { conversationId, agentId: ben!.id, mode: 'reassign' }, meta);
    expect(moved).toMatchObject({ sessionId: first.sessionId, assignedAgentId: ben!.id, changed: true });
    expect(moved.assignedAt.getTime()).toBeGreaterThanOrEqual(first.assignedAt.getTime());
    await h.waitFor(Topics.conversationAssigned, (p) => p.conversationId === conversationId && p.assignedTo === ben!.id);
    // Reassigning to the holder changes nothing, not even assigned_at.
    const same = await assignConversation(h.deps, org.orgId, { conversationId, agentId: ben!.id, mode: 'reassign' }, meta);
    expect(same).toEqual({ ...moved, changed: false });
  });

  it('refuses other organizations, unknown or deactivated agents, and resolved conversations', async () => {
    const a = await seedOrg(infra.db, 'iso-a');
    const b = await seedOrg(infra.db, 'iso-b');
    const { conversationId } = await seedConversation(infra.db, a);
    expect(await codeOf(assignConversation(h.deps, b.orgId, { conversationId, agentId: b.agents[0]!.id }, meta))).toBe('404 CONVERSATION_NOT_FOUND');
    expect(await codeOf(assignConversation(h.deps, a.orgId, { conversationId, agentId: b.agents[0]!.id }, meta))).toBe('404 AGENT_NOT_FOUND');
    await infra.db.user.update({ where: { id: a.agents[1]!.id }, data: { deactivatedAt: new Date() } });
    expect(await codeOf(assignConversation(h.deps, a.orgId, { conversationId, agentId: a.agents[1]!.id }, meta))).toBe('404 AGENT_NOT_FOUND');
    await infra.db.conversationSession.updateMany({ where: { conversationId }, data: { status: 'resolved', openConversationId: null } });
    expect(await codeOf(assignConversation(h.deps, a.orgId, { conversationId, agentId: a.agents[0]!.id }, meta))).toBe('409 NO_OPEN_SESSION');
    expect(await codeOf(assignConversation(h.deps, a.orgId, { conversationId, agentId: a.agents[0]!.id, mode: 'reassign' }, meta))).toBe(
      '409 NO_OPEN_SESSION',
    );
  });

  it('has exactly one winner when agents claim at the same moment (40 rounds of 4)', async () => {
    const org = await seedOrg(infra.db, 'race', 4);
    for (let round = 0; round < 40; round++) {
      const { conversationId } = await seedConversation(infra.db, org);
      const outcomes = await Promise.all(
        org.agents.map((agent) =>
          assignConversation(h.deps, org.orgId, { conversationId, agentId: agent.id }, meta).then(
            (r) => ({ won: r.assignedAgentId }),
            (e: { code: string }) => ({ lost: e.code }),
          ),
        ),
      );
      const winners = outcomes.filter((o) => 'won' in o);
      expect({ round, winners: winners.length }).toEqual({ round, winners: 1 });
      expect(outcomes.filter((o) => 'lost' in o).map((o) => (o as { lost: string }).lost)).toEqual(['ALREADY_ASSIGNED', 'ALREADY_ASSIGNED', 'ALREADY_ASSIGNED']);
      const session = await infra.db.conversationSession.findFirstOrThrow({ where: { conversationId } });
      expect(session.assignedAgentId).toBe((winners[0] as { won: string }).won);
    }
  });
});
