import { UnrecoverableError } from 'bullmq';
import { PresenceStore, presenceSubject, type RedisClient, type RedisNamespace } from '@parley/bus';
import { asOrgId, deviceRepository, pushTargetRepository, type Db, type OrgId, type PushTargetDevice, type PushTargetKey } from '@parley/db';
import { microBatch } from './micro-batch';
import type { CredentialCache } from './credentials/credential-cache';
import { noticeText, type PushNotice } from './notification-content';
import type { PushJob } from './schedule-push';
import { longestRetryAfter, PushRetryError, type SendOutcome } from './send-outcome';
import type { PushSenders } from './push-senders';

export interface PushLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PushJobDeps {
  db: Db;
  /** Command connection: presence lookups and per-message progress. */
  redis: RedisClient;
  ns: RedisNamespace;
  credentials: CredentialCache;
  senders: PushSenders;
  log: PushLogger;
}

export type PushJobResult =
  | { skipped: 'message_not_found' | 'from_end_user' | 'end_user_online' | 'no_devices' }
  | { sent: number; deactivated: number; notConfigured: number; alreadyDone: number };

/** Which device already got its final outcome, across retries of one job (multi-device only). */
const PROGRESS_TTL_S = 24 * 3600;

/**
 * The `send-push` job. Presence is decided here, when the job runs (after the producer's short
 * delay): an end user with a live socket anywhere gets no push. Each active device gets one send;
 * dead tokens are deactivated; when some device must be retried the job throws PushRetryError
 * (BullMQ retries it with backoff) and devices already done are skipped on the next attempt; when
 * a device's send can never succeed the job ends failed (the dead-letter list) after the others.
 */
export function createPushJobHandler(deps: PushJobDeps) {
  const presence = new PresenceStore(deps.redis, deps.ns);
  const targets = pushTargetRepository(deps.db);
  const devices = deviceRepository(deps.db);
  // Concurrent jobs share one query and one Redis round trip for their lookups.
  const loadTarget = microBatch((keys: PushTargetKey[]) => targets.loadMany(keys));
  const isOnline = microBatch((subjects: string[]) => presence.areOnline(subjects));

  async function sendTo(orgId: OrgId, device: PushTargetDevice, notice: (d: PushTargetDevice) => PushNotice): Promise<SendOutcome | 'not-configured'> {
    const credential = await deps.credentials.get(orgId, device.channelId, device.platform);
    if (!credential.usable) {
      deps.log.warn({ channelId: device.channelId, platform: device.platform, reason: credential.reason }, 'push skipped: channel cannot send');
      return 'not-configured';
    }
    return credential.platform === 'fcm'
      ? deps.senders.fcm.send(credential.account, device.token, notice(device))
      : deps.senders.apns.send(credential.apns, device.token, notice(device));
  }

  return async function handle(job: PushJob, requestId: string): Promise<PushJobResult> {
    const orgId = asOrgId(job.orgId);
    const target = await loadTarget({ orgId, conversationId: job.conversationId, messageId: job.messageId });
    if (!target) return { skipped: 'message_not_found' };
    if (target.senderType === 'end_user') return { skipped: 'from_end_user' };
    if (await isOnline(presenceSubject.endUser(orgId, target.endUserId))) return { skipped: 'end_user_online' };
    if (!target.devices.length) return { skipped: 'no_devices' };

    const multi = target.devices.length > 1;
    const progressKey = deps.ns.key('push-progress', job.messageId);
    const done: Record<string, string> = multi ? await deps.redis.hgetall(progressKey) : {};
    const pending = target.devices.filter((d) => !done[d.id]);
    const notice = (d: PushTargetDevice): PushNotice => ({ conversationId: job.conversationId, messageId: job.messageId, ...noticeText(target, d.previewEnabled) });
    const startedAt = new Date();
    const outcomes = await Promise.all(pending.map((d) => sendTo(orgId, d, notice)));

    let deactivated = 0;
    const final: Record<string, string> = {};
    for (const [i, outcome] of outcomes.entries()) {
      const device = pending[i]!;
      if (outcome === 'not-configured') final[device.id] = 'not-configured';
      else if (outcome.kind === 'sent') final[device.id] = 'sent';
      else if (outcome.kind === 'rejected') final[device.id] = `rejected: ${outcome.reason}`;
      else if (outcome.kind === 'unregistered') {
        final[device.id] = 'unregistered';
        if (await devices.deactivate(orgId, device.id, outcome.reason, startedAt)) deactivated++;
        deps.log.info({ requestId, deviceId: device.id, reason: outcome.reason }, 'push token is dead: device deactivated');
      }
    }
    if (multi && Object.keys(final).length) {
      await deps.redis.multi().hset(progressKey, final).expire(progressKey, PROGRESS_TTL_S).exec();
    }

    const sendOutcomes = outcomes.filter((o): o is SendOutcome => o !== 'not-configured');
    const retrying = sendOutcomes.filter((o) => o.kind === 'retry');
    if (retrying.length) throw new PushRetryError(`${retrying.length} device(s) to retry: ${retrying.map((o) => o.reason).join('; ')}`, longestRetryAfter(sendOutcomes));
    const rejected = Object.values({ ...done, ...final }).filter((v) => v.startsWith('rejected'));
    if (rejected.length) throw new UnrecoverableError(`push refused for ${rejected.length} device(s): ${rejected.join('; ')}`);
    const all = { ...done, ...final };
    return {
      sent: Object.values(final).filter((v) => v === 'sent').length,
      deactivated,
      notConfigured: Object.values(all).filter((v) => v === 'not-configured').length,
      alreadyDone: target.devices.length - pending.length,
    };
  };
}
