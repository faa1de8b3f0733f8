import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { DEV_ENCRYPTION_KEYS } from '@parley/config';
import type { Db } from '@parley/db';
import { pushCredentials, registerDevice } from '@parley/push';
import { createCipherKeyring } from '@parley/security';
import {
  createTestApnsKey,
  createTestServiceAccount,
  startApnsServer,
  startFcmServer,
  type ApnsPlan,
  type ApnsServer,
  type FcmPlan,
  type FcmServer,
} from '@parley/testing';
import type { NotificationAppOptions } from '../src/app';
import { eventually, type MobileOrg } from './fixtures';

/**
 * Local FCM and APNs that answer per device token: a test says what one token gets (a plan, or
 * a list of plans used in turn, the last one repeating); every other token gets 200.
 */
export interface PushHarness {
  fcm: FcmServer;
  apns: ApnsServer;
  sa: ReturnType<typeof createTestServiceAccount>;
  apnsKey: ReturnType<typeof createTestApnsKey>;
  fcmPlans: Map<string, FcmPlan[]>;
  apnsPlans: Map<string, ApnsPlan[]>;
  /** buildApp options that point the push worker at these servers. */
  appOptions(extra?: NotificationAppOptions): NotificationAppOptions;
  /** Saves both credentials on the org's mobile channel (as the console would). */
  configure(db: Db, org: MobileOrg): Promise<void>;
  close(): Promise<void>;
}

const next = <P>(plans: Map<string, P[]>, token: string, fallback: P): P => {
  const list = plans.get(token);
  if (!list?.length) return fallback;
  return list.length > 1 ? list.shift()! : list[0]!;
};

export async function startPushHarness(): Promise<PushHarness> {
  const sa = createTestServiceAccount('parley-e2e');
  const apnsKey = createTestApnsKey('sandbox');
  const fcmPlans = new Map<string, FcmPlan[]>();
  const apnsPlans = new Map<string, ApnsPlan[]>();
  const fcm = await startFcmServer({
    accounts: [{ clientEmail: sa.clientEmail, projectId: sa.projectId, publicKey: sa.publicKey, privateKeyId: sa.privateKeyId }],
    script: (send) => next(fcmPlans, send.message.token, { kind: 'ok' }),
  });
  const apns = await startApnsServer({
    keys: [{ teamId: apnsKey.body.team_id, keyId: apnsKey.body.key_id, publicKey: apnsKey.publicKey }],
    script: (push) => next(apnsPlans, push.deviceToken, { kind: 'ok' }),
  });
  const cipher = createCipherKeyring(DEV_ENCRYPTION_KEYS);
  return {
    fcm,
    apns,
    sa,
    apnsKey,
    fcmPlans,
    apnsPlans,
    appOptions: (extra = {}) => ({
      logger: false,
      workersEnabled: true,
      pushWorkerConcurrency: 10,
      push: {
        fcmBaseUrl: fcm.baseUrl,
        fcmTokenUrl: fcm.tokenUrl,
        apns: { productionHost: '127.0.0.1', sandboxHost: '127.0.0.1', port: apns.port },
        timeoutMs: 2000,
        ca: [fcm.ca, apns.ca],
      },
      ...extra,
    }),
    async configure(db, org) {
      await pushCredentials.saveFcm(db, cipher, org.orgId, org.mobile.id, { service_account: sa.json });
      await pushCredentials.saveApns(db, cipher, org.orgId, org.mobile.id, apnsKey.body);
    },
    async close() {
      await Promise.all([fcm.close(), apns.close()]);
    },
  };
}

/** Registers devices for the org's end user (as their app would through the API or the socket). */
export async function devicesFor(db: Db, org: MobileOrg, devices: { platform: 'fcm' | 'apns'; token: string }[]) {
  const owner = { orgId: org.orgId, endUserId: org.endUser.id, botId: org.bot.id, channelId: org.mobile.id };
  // One after the other, so listings (oldest first) come back in the order given.
  const out = [];
  for (const d of devices) out.push((await registerDevice(db, owner, d)).device);
  return out;
}

/** Waits for a job to finish and returns its state and result (or failure reason). */
export async function settled(queue: Queue, jobId: string, timeoutMs = 15_000) {
  return eventually(
    async () => {
      const state = await queue.getJobState(jobId);
      if (state !== 'completed' && state !== 'failed') return undefined;
      // Read after the state is final: a job read before it finished has no result yet.
      const job = (await queue.getJob(jobId))!;
      return { state, result: job.returnvalue as Record<string, unknown>, reason: job.failedReason, attempts: job.attemptsMade };
    },
    timeoutMs,
    `job ${jobId} to settle`,
  );
}

export type { FastifyInstance };
