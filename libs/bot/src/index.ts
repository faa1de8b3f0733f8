// Producer side (any process, e.g. the widget gateway).
export * from './request-bot-reply';
export type { BotReplyCompleted, BotReplyStatus } from './reply-publisher';
// Worker side (worker-role processes only).
export * from './reply-worker';
export { createReplyHandler, type BotLogger, type ReplyHandlerDeps } from './reply-handler';
// Providers and their building blocks.
export * from './errors';
export * from './replies';
export * from './provider-settings';
export * from './providers/answer-provider';
export { knowledgeProvider } from './providers/knowledge-provider';
export { openAiProvider } from './providers/openai-provider';
export { SseParser } from './providers/sse-parser';
export { KnowledgeCache, type KnowledgeStamp } from './knowledge/knowledge-cache';
export { ArticleIndex, MIN_COVERAGE, RELATIVE_SCORE_FLOOR, MAX_RETRIEVED, type IndexedArticle } from './knowledge/article-index';
export { extractPassage } from './knowledge/passages';
export { chunkText } from './knowledge/chunk-text';
export { toWidgetMessage, type StoredMessage } from '@parley/db';
