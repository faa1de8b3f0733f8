import { ErrorCode } from '@parley/contracts';
import { ProviderError } from '../errors';
import type { AnswerProvider, GenerateInput } from './answer-provider';
import { chatCompletionBody, describeErrorBody, readChunk } from './openai-request';
import { SseParser } from './sse-parser';

/** 429 and gateway errors mean "not now", other statuses "not this request". */
function statusError(status: number, body: string): ProviderError {
  const detail = `HTTP ${status}: ${describeErrorBody(body)}`;
  if (status === 408) return new ProviderError(ErrorCode.PROVIDER_TIMEOUT, detail, status);
  if (status === 429 || status === 502 || status === 503 || status === 504) return new ProviderError(ErrorCode.PROVIDER_UNAVAILABLE, detail, status);
  return new ProviderError(ErrorCode.PROVIDER_ERROR, detail, status);
}

const causeOf = (err: unknown) => {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
};

/** After `[DONE]` the server ends the response; reading the rest keeps the connection reusable. */
function drain(reader: ReadableStreamDefaultReader<Uint8Array>) {
  const giveUp = setTimeout(() => void reader.cancel().catch(() => undefined), 1000);
  const next = (): Promise<void> => reader.read().then((r) => (r.done ? undefined : next()));
  void next().catch(() => undefined).finally(() => clearTimeout(giveUp));
}

/**
 * Any OpenAI-compatible Chat Completions endpoint (OpenAI, Ollama, vLLM, llama.cpp) with
 * `stream: true`. Two clocks guard it: `timeoutMs` until the response headers arrive, then
 * `idleTimeoutMs` of silence between chunks; either one ends the request with PROVIDER_TIMEOUT.
 * The caller's signal aborts the HTTP request itself, so the provider stops generating too.
 */
export const openAiProvider: AnswerProvider = {
  name: 'openai',
  async *generate(input: GenerateInput) {
    const { bot, signal } = input;
    const { baseUrl, model, timeoutMs, idleTimeoutMs } = bot.settings;
    if (!baseUrl || !model) throw new ProviderError(ErrorCode.PROVIDER_ERROR, 'the bot has no baseUrl or model in its provider settings');
    signal.throwIfAborted();

    const controller = new AbortController();
    const onCancel = () => controller.abort(signal.reason);
    signal.addEventListener('abort', onCancel, { once: true });
    let timeout: ProviderError | undefined;
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number, what: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timeout = new ProviderError(ErrorCode.PROVIDER_TIMEOUT, `${what} within ${ms} ms`);
        controller.abort(timeout);
      }, ms);
    };
    // Why the request stopped: the caller's cancellation wins, then our own clocks.
    const failure = (otherwise: ProviderError): unknown => (signal.aborted ? signal.reason : (timeout ?? otherwise));

    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let clean = false;
    try {
      arm(timeoutMs, 'no response');
      let res: Response;
      try {
        res = await fetch(`${baseUrl}/chat/completions`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'text/event-stream',
            ...(bot.apiKey ? { authorization: `Bearer ${bot.apiKey}` } : {}),
          },
          body: JSON.stringify(chatCompletionBody(input)),
          signal: controller.signal,
        });
      } catch (err) {
        throw failure(new ProviderError(ErrorCode.PROVIDER_UNAVAILABLE, `request failed: ${causeOf(err)}`));
      }
      arm(idleTimeoutMs, 'no data');
      const text = () =>
        res.text().catch(() => {
          throw failure(new ProviderError(ErrorCode.PROVIDER_ERROR, `HTTP ${res.status}, body unreadable`, res.status));
        });
      if (!res.ok) throw statusError(res.status, await text());
      if (!res.body) throw new ProviderError(ErrorCode.PROVIDER_ERROR, 'empty response body');

      // A server that ignored `stream: true` answers in one JSON document.
      if ((res.headers.get('content-type') ?? '').includes('application/json')) {
        const chunk = readChunk(await text());
        if (chunk.error) throw new ProviderError(ErrorCode.PROVIDER_ERROR, chunk.error);
        if (chunk.content) yield chunk.content;
        clean = true;
        return;
      }

      reader = res.body.getReader();
      const decoder = new TextDecoder();
      const parser = new SseParser();
      let finished = false;
      for (;;) {
        let read: Awaited<ReturnType<typeof reader.read>>;
        try {
          read = await reader.read();
        } catch (err) {
          throw failure(new ProviderError(ErrorCode.PROVIDER_ERROR, `stream broken: ${causeOf(err)}`));
        }
        const events = read.done ? parser.end() : parser.push(decoder.decode(read.value, { stream: true }));
        if (!read.done) arm(idleTimeoutMs, 'no data');
        for (const data of events) {
          if (data === '[DONE]') {
            clean = true;
            if (!read.done) drain(reader);
            return;
          }
          const chunk = readChunk(data);
          if (chunk.error) throw new ProviderError(ErrorCode.PROVIDER_ERROR, `error in stream: ${chunk.error}`);
          if (chunk.content) yield chunk.content;
          finished ||= chunk.finished;
        }
        if (read.done) break;
      }
      // Some servers end without `[DONE]` after a finish_reason; without either, the answer was cut.
      if (!finished) throw new ProviderError(ErrorCode.PROVIDER_ERROR, 'stream ended before [DONE]');
      clean = true;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onCancel);
      // Stopped early (error, cancel, consumer gone): close the connection so the server stops too.
      if (!clean) controller.abort(signal.aborted ? signal.reason : undefined);
    }
  },
};
