import type { FastifyInstance } from 'fastify';
import { useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { call, seedConversation, seedOrg, sessionFor, type SeededOrg, type Session } from './fixtures';

const infra = useTestInfra();
const PASSWORD = 'a long enough passphrase';

describe('console: channels and the team', () => {
  let app: FastifyInstance;
  let org: SeededOrg;
  let admin: Session;
  let owner: Session;
  beforeAll(async () => {
    app = await buildApp(infra.deps(), { logger: false });
    org = await seedOrg(infra.db, 'team');
    [admin, owner] = await Promise.all([sessionFor(app, org.admin), sessionFor(app, org.owner)]);
  });
  afterAll(() => app.close());

  const req = (who: Session, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    call(app, { method, url, headers: who.headers, ...(payload ? { payload } : {}) });

  it('creates one mobile channel per bot and lists channels with push credential kinds and fingerprints only', async () => {
    const mobile = await req(admin, 'POST', '/api/console/channels', { bot_id: org.bot.id, type: 'mobile_sdk', push_preview_enabled: false });
    expect(mobile).toMatchObject({ status: 201, body: { bot_id: org.bot.id, type: 'mobile_sdk', name: 'Mobile app', push_preview_enabled: false, push_credentials: [] } });
    const second = await req(admin, 'POST', '/api/console/channels', { bot_id: org.bot.id, type: 'mobile_sdk', name: 'Again' });
    expect({ status: second.status, code: second.code }).toEqual({ status: 409, code: 'ALREADY_EXISTS' });
    // Concurrent creations for another bot still make exactly one.
    const bot = await org.repos.bots.create(org.orgId, { name: 'Race' });
    const raced = await Promise.all([1, 2, 3].map(() => req(admin, 'POST', '/api/console/channels', { bot_id: bot.id, type: 'mobile_sdk' })));
    expect(raced.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect((await req(admin, 'POST', '/api/console/channels', { bot_id: '3f0c8a52-4a3e-4c43-9d1e-0b0b0b0b0b0b', type: 'api' })).status).toBe(404);

    await infra.db.pushCredential.create({
      data: { organizationId: org.orgId, channelId: mobile.body.id, platform: 'apns', secretEnc: 'v1.k.iv.tag.SECRET-P8', fingerprint: 'ab12cd34ef56ab78', apnsEnvironment: 'sandbox', metadata: { team_id: 'T1' } },
    });
    const listed = await req(admin, 'GET', `/api/console/channels?bot_id=${org.bot.id}`);
    expect(listed.body.channels.map((c: { type: string }) => c.type)).toEqual(['webchat', 'mobile_sdk']);
    expect(listed.body.channels[1].push_credentials).toEqual([
      { platform: 'apns', fingerprint: 'ab12cd34ef56ab78', apns_environment: 'sandbox', deprecated: false, updated_at: expect.any(String) },
    ]);
    expect(listed.raw).not.toContain('SECRET-P8');
    expect((await req(admin, 'GET', '/api/console/channels?type=mobile_sdk')).body.channels).toHaveLength(2);
    const renamed = await req(admin, 'PATCH', `/api/console/channels/${mobile.body.id}`, { name: 'iOS and Android', push_preview_enabled: true });
    expect(renamed.body).toMatchObject({ name: 'iOS and Android', push_preview_enabled: true });
    expect((await req(admin, 'GET', `/api/console/channels/${mobile.body.id}`)).body).toEqual(renamed.body);
  });

  it('adds members; e-mails are unique; passwords follow the policy; only owners make owners', async () => {
    const created = await req(admin, 'POST', '/api/console/members', { email: 'New.Agent@Team.test', role: 'agent', password: PASSWORD });
    expect(created).toMatchObject({ status: 201, body: { email: 'new.agent@team.test', display_name: 'new.agent', role: 'agent', active: true, last_login_at: null } });
    const row = await infra.db.user.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(created.raw).not.toContain(row.passwordHash);
    const dup = await req(admin, 'POST', '/api/console/members', { email: 'new.agent@team.test', role: 'agent', password: PASSWORD });
    expect({ status: dup.status, code: dup.code }).toEqual({ status: 409, code: 'ALREADY_EXISTS' });
    expect((await req(admin, 'POST', '/api/console/members', { email: 'weak@team.test', role: 'agent', password: 'short' })).status).toBe(400);
    expect((await req(admin, 'POST', '/api/console/members', { email: 'x@team.test', role: 'owner', password: PASSWORD })).code).toBe('INSUFFICIENT_ROLE');
    expect((await req(owner, 'POST', '/api/console/members', { email: 'co-owner@team.test', role: 'owner', password: PASSWORD })).status).toBe(201);
    const list = await req(admin, 'GET', '/api/console/members');
    expect(list.body.members.map((m: { email: string }) => m.email)).toEqual(expect.arrayContaining(['new.agent@team.test', 'co-owner@team.test']));
    expect(list.raw).not.toContain('argon2');
  });

  it('role changes and deactivation apply at once: sessions end, held conversations go back to the queue', async () => {
    const agentSession = await sessionFor(app, org.agent);
    const promoted = await req(admin, 'PATCH', `/api/console/members/${org.agent.id}`, { role: 'admin', display_name: 'Ana' });
    expect(promoted.body).toMatchObject({ role: 'admin', display_name: 'Ana' });
    expect((await call(app, { method: 'GET', url: '/api/conversations/', headers: agentSession.cookieOnly })).status).toBe(401);

    const held = await seedConversation(org);
    const agent2 = await sessionFor(app, org.agent2);
    await call(app, { method: 'POST', url: `/api/conversations/${held.id}/assign`, headers: agent2.headers });
    const off = await req(admin, 'PATCH', `/api/console/members/${org.agent2.id}`, { active: false });
    expect(off.body).toMatchObject({ active: false, deactivated_at: expect.any(String) });
    expect((await call(app, { method: 'GET', url: '/api/conversations/', headers: agent2.cookieOnly })).status).toBe(401);
    const session = await infra.db.conversationSession.findFirstOrThrow({ where: { conversationId: held.id } });
    expect(session).toMatchObject({ status: 'open', assignedAgentId: null });
    expect((await req(admin, 'PATCH', `/api/console/members/${org.agent2.id}`, { active: true })).body).toMatchObject({ active: true, deactivated_at: null });
  });

  it('nobody changes their own role or deactivates themselves; admins cannot touch owners', async () => {
    expect((await req(admin, 'PATCH', `/api/console/members/${org.admin.id}`, { role: 'agent' })).code).toBe('FORBIDDEN');
    expect((await req(admin, 'PATCH', `/api/console/members/${org.admin.id}`, { active: false })).code).toBe('FORBIDDEN');
    expect((await req(admin, 'PATCH', `/api/console/members/${org.admin.id}`, { display_name: 'Me' })).status).toBe(200);
    expect((await req(admin, 'PATCH', `/api/console/members/${org.owner.id}`, { active: false })).code).toBe('INSUFFICIENT_ROLE');
    expect((await req(admin, 'PATCH', `/api/console/members/${org.agent2.id}`, { role: 'owner' })).code).toBe('INSUFFICIENT_ROLE');
    expect((await req(admin, 'PATCH', '/api/console/members/3f0c8a52-4a3e-4c43-9d1e-0b0b0b0b0b0b', { role: 'agent' })).status).toBe(404);
    expect((await req(admin, 'PATCH', `/api/console/members/${org.agent2.id}`, { role: 'superuser' })).status).toBe(400);
  });
});
