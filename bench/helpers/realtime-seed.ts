import { randomBytes } from 'node:crypto';
import { SESSION_COOKIE } from '@parley/auth';
import { createRepositories } from '@parley/db';
import { appOptionsFromConfig } from '@parley/service-kit';
import { buildApp } from '../../apps/widget-gateway/src/app';
import type { ScratchInfra } from './scratch-infra';
import { BENCH_ORIGIN, UNLIMITED_BUDGET, seedWidget, type BenchWidget } from './seed';

/** The inbox's origin in the benchmarks: the only origin whose sockets may use an agent's cookie. */
export const BENCH_CONSOLE = 'https://inbox.bench.example';

export interface SeededVisitor {
  /** The widget token from `/v1/widget/init`: the socket's handshake `auth.token`. */
  token: string;
  conversationId: string;
  visitorId: string;
}

export interface SeededOrg extends BenchWidget {
  agents: { userId: string; cookie: string }[];
  visitors: SeededVisitor[];
}

/** Each run's X-Forwarded-For addresses start in a block of their own (the /init limit is per address). */
let nextAddress = Math.floor(Math.random() * 200) << 16;
const address = () => {
  const n = nextAddress++;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

async function pooled<T>(count: number, limit: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

/**
 * Organizations as the real-time benchmarks use them: a widget whose bot has its
 * per-conversation budget raised out of the way, `agents` agents with a session cookie, and
 * `visitors` visitors, each from its own `/v1/widget/init` (so each has its own end user,
 * conversation and widget token). With `firstMessage`, each conversation gets the visitor's first
 * message stored as the widget stores it, which opens the session an agent can then claim
 * (stored straight in the database, so no bot reply is requested for it).
 *
 * The `/init`s go through a gateway built in this process for seeding only (closed at the end).
 */
export async function seedRealtimeOrgs(
  infra: ScratchInfra,
  opts: { orgs: number; agentsPerOrg: number; visitorsPerOrg: number; firstMessage: boolean; label: string },
): Promise<SeededOrg[]> {
  const { config, deps } = infra.serviceSetup('widget-gateway');
  const seeder = await buildApp(deps, { ...appOptionsFromConfig(config), logger: false, consoleOrigins: [BENCH_CONSOLE] });
  try {
    const repos = createRepositories(infra.db);
    const orgs: SeededOrg[] = [];
    for (let o = 0; o < opts.orgs; o++) {
      const widget = await seedWidget(infra.db, `${opts.label}${o}`, UNLIMITED_BUDGET);
      const agents = await pooled(opts.agentsPerOrg, 5, async () => {
        const user = await repos.users.create(widget.orgId, {
          email: `agent-${randomBytes(5).toString('hex')}@bench.example`,
          displayName: 'Bench agent',
          role: 'agent',
          passwordHash: 'not-used-here',
        });
        const { sessionId } = await seeder.sessions.create({ id: user.id, orgId: widget.orgId, role: 'agent' });
        return { userId: user.id, cookie: `${SESSION_COOKIE}=${sessionId}` };
      });
      const visitors = await pooled(opts.visitorsPerOrg, 10, async () => {
        const res = await seeder.inject({
          method: 'POST',
          url: '/v1/widget/init',
          headers: { origin: BENCH_ORIGIN, 'x-forwarded-for': address() },
          payload: { embed_token: widget.embedToken },
        });
        if (res.statusCode !== 200) throw new Error(`/init failed: ${res.statusCode} ${res.body}`);
        const body = res.json() as { token: string; conversation_id: string; visitor_id: string };
        if (opts.firstMessage) {
          await repos.messages.append(widget.orgId, {
            conversationId: body.conversation_id,
            senderType: 'end_user',
            senderId: body.visitor_id,
            content: 'Hello, I have a question about my order.',
          });
        }
        return { token: body.token, conversationId: body.conversation_id, visitorId: body.visitor_id };
      });
      orgs.push({ ...widget, agents, visitors });
    }
    return orgs;
  } finally {
    await seeder.close();
  }
}
