import { ErrorCode, type JobPayload, type Queues } from '@parley/contracts';
import type { EventBus } from '@parley/bus';
import { asOrgId, createRepositories, type Db, type OrgId } from '@parley/db';
import type { CipherKeyring } from '@parley/security';
import { HandoffSignal, ProviderError } from './errors';
import { chunkText } from './knowledge/chunk-text';
import { KnowledgeCache } from './knowledge/knowledge-cache';
import type { AnswerProvider, BotProfile, BotProviderName } from './providers/answer-provider';
import { knowledgeProvider } from './providers/knowledge-provider';
import { openAiProvider } from './providers/openai-provider';
import { readProviderSettings, type ProviderDefaults } from './provider-settings';
import { loadReplyContext, recentTurns, type LoadedBot } from './reply-context';
import { ReplyCancellations } from './reply-cancellations';
import { replyPublisher, type BotReplyCompleted, type ReplyPublisher } from './reply-publisher';
import { BotReplies } from './replies';

export interface BotLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ReplyHandlerDeps {
  db: Db;
  events: Pick<EventBus, 'publish' | 'subscribe'>;
  /** ENCRYPTION_KEYS: bots' provider API keys are sealed with the bot id as associated data. */
  cipher: CipherKeyring;
  log: BotLogger;
  providerDefaults?: ProviderDefaults;
}

type GenerateReplyJob = JobPayload<typeof Queues.botReplies, 'generate-reply'>;

const PROVIDERS: Record<BotProviderName, AnswerProvider> = { knowledge: knowledgeProvider, openai: openAiProvider };

/** A job run again after its message was stored tells what it had answered by the fixed texts. */
function storedOutcome(content: string): [BotReplyCompleted['status'], { code: string; message: string }?] {
  if (content === BotReplies.noMatch) return ['handoff'];
  if (content === BotReplies.fallback) return ['error', { code: ErrorCode.PROVIDER_ERROR, message: 'The assistant could not answer' }];
  return ['ok'];
}

/**
 * The `generate-reply` job. Every outcome that a retry would not change (answered, handed off,
 * provider failed, cancelled, conversation gone) completes the job and publishes its completion;
 * only infrastructure failures (Postgres, Redis) throw, so BullMQ retries those alone.
 */
export function createReplyHandler(deps: ReplyHandlerDeps) {
  const repos = createRepositories(deps.db);
  const knowledge = new KnowledgeCache(repos.knowledge);
  const cancellations = new ReplyCancellations(deps.events);

  function profile(orgId: OrgId, bot: LoadedBot): BotProfile {
    return {
      id: bot.id,
      orgId,
      name: bot.name,
      prompt: bot.prompt,
      provider: bot.provider,
      settings: readProviderSettings(bot.providerSettings, deps.providerDefaults),
    };
  }

  function decryptKey(bot: LoadedBot): string | undefined {
    if (bot.provider !== 'openai' || !bot.providerApiKeyEnc) return undefined;
    try {
      return deps.cipher.decrypt(bot.providerApiKeyEnc, bot.id);
    } catch (err) {
      throw new ProviderError(ErrorCode.PROVIDER_ERROR, `the bot's API key cannot be decrypted: ${(err as Error).message}`);
    }
  }

  type Outcome = { status: BotReplyCompleted['status']; content: string; error?: { code: string; message: string } };

  /** Stores the bot message once (the reply id is its idempotency key) and publishes it. */
  async function store(orgId: OrgId, job: GenerateReplyJob, publish: ReplyPublisher, { status, content, error }: Outcome) {
    const result = await repos.messages.append(orgId, {
      conversationId: job.conversationId,
      senderType: 'bot',
      senderId: job.botId,
      content,
      clientMessageId: job.replyId,
    });
    if (result.kind === 'not_found') return publish.failed({ code: ErrorCode.CONVERSATION_NOT_FOUND, message: 'Conversation not found' });
    // The reply's idempotency key was taken by a non-bot message: never present that as the answer.
    if (result.message.senderType !== 'bot') return publish.failed({ code: ErrorCode.CONFLICT, message: 'Reply id already used' });
    return publish.stored(status, result.message, error);
  }

  async function handle(job: GenerateReplyJob, requestId: string): Promise<BotReplyCompleted> {
    const orgId = asOrgId(job.orgId);
    const publish = replyPublisher(deps.events, { ...job, requestId });
    const logCtx = { requestId, replyId: job.replyId, botId: job.botId, conversationId: job.conversationId };
    const ctx = await loadReplyContext(deps.db, orgId, job);
    if (!ctx.conversation || !ctx.trigger) return publish.failed({ code: ErrorCode.CONVERSATION_NOT_FOUND, message: 'Conversation not found' });
    if (ctx.storedReply) {
      const [status, error] = storedOutcome(ctx.storedReply.content);
      return publish.stored(status, ctx.storedReply, error);
    }
    if (!ctx.bot) return publish.failed({ code: ErrorCode.NOT_FOUND, message: 'Bot not found' });
    if (ctx.openSession?.assignedAgentId) return publish.handedOver();

    const bot = profile(orgId, ctx.bot);
    const question = ctx.trigger.content;
    const { signal, release } = cancellations.track(job.replyId);
    let index = 0;
    let text = '';
    try {
      bot.apiKey = decryptKey(ctx.bot);
      const retrieved = (await knowledge.index(orgId, bot.id, ctx.stamp)).retrieve(question);
      const history = recentTurns(ctx.history, bot.settings.historyLimit);
      for await (const delta of PROVIDERS[bot.provider].generate({ bot, question, history, knowledge: retrieved, signal })) {
        text += delta;
        await publish.delta(delta, index++);
      }
      if (!text.trim()) throw new ProviderError(ErrorCode.PROVIDER_ERROR, 'the provider answered with no text');
      return await store(orgId, job, publish, { status: 'ok', content: text });
    } catch (err) {
      if (signal.aborted) {
        // Policy: a cancelled reply stores nothing, not even what was generated (see README).
        deps.log.info({ ...logCtx, deltas: index }, 'bot reply cancelled');
        return publish.failed({ code: ErrorCode.CANCELLED, message: 'The reply was cancelled' });
      }
      if (err instanceof HandoffSignal) {
        for (const delta of chunkText(BotReplies.noMatch, bot.settings.chunkWords)) await publish.delta(delta, index++);
        return await store(orgId, job, publish, { status: 'handoff', content: BotReplies.noMatch });
      }
      if (err instanceof ProviderError) {
        deps.log.warn({ ...logCtx, code: err.code, status: err.status, detail: err.detail, deltas: index }, 'bot provider failed');
        const error = { code: err.code, message: err.message };
        return await store(orgId, job, publish, { status: 'error', content: BotReplies.fallback, error });
      }
      throw err;
    } finally {
      release();
    }
  }

  return { handle, cancellations };
}
