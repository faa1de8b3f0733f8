import type { GenerateInput } from './answer-provider';

/** Each article sent as context is cut to this length: the question's answer is rarely deeper. */
const ARTICLE_CONTEXT_CHARS = 2000;

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The bot's own prompt, then the retrieved articles as reference material. */
export function systemPrompt({ bot, knowledge }: Pick<GenerateInput, 'bot' | 'knowledge'>): string {
  const prompt = bot.prompt.trim() || `You are ${bot.name}, a helpful assistant on this website. Answer briefly and politely.`;
  if (!knowledge.length) return prompt;
  const articles = knowledge.map((a) => `### ${a.title}\n${a.body.slice(0, ARTICLE_CONTEXT_CHARS)}`).join('\n\n');
  return (
    `${prompt}\n\nUse these knowledge base articles when they are relevant. ` +
    `If they do not contain the answer, say that you do not know rather than guessing.\n\n${articles}`
  );
}

/** The Chat Completions request body (streaming). */
export function chatCompletionBody(input: GenerateInput): Record<string, unknown> {
  const { bot, question, history } = input;
  const messages: ChatMessage[] = [
    { role: 'system', content: systemPrompt(input) },
    ...history.map((h) => ({ role: h.role, content: h.content })),
    { role: 'user', content: question },
  ];
  return {
    model: bot.settings.model,
    stream: true,
    messages,
    ...(bot.settings.temperature === undefined ? {} : { temperature: bot.settings.temperature }),
    ...(bot.settings.maxTokens === undefined ? {} : { max_tokens: bot.settings.maxTokens }),
  };
}

interface ChunkShape {
  error?: { message?: string; type?: string; code?: string | number } | string;
  choices?: { delta?: { content?: unknown }; message?: { content?: unknown }; finish_reason?: unknown }[];
}

/** One `data:` payload (or a whole non-streamed JSON answer) reduced to what we use. */
export function readChunk(json: string): { content: string; finished: boolean; error?: string } {
  let parsed: ChunkShape;
  try {
    parsed = JSON.parse(json) as ChunkShape;
  } catch {
    return { content: '', finished: false, error: `not JSON: ${json.slice(0, 100)}` };
  }
  if (parsed.error) {
    const e = parsed.error;
    return { content: '', finished: false, error: typeof e === 'string' ? e : `${e.type ?? 'error'}: ${e.message ?? ''}` };
  }
  const choice = parsed.choices?.[0];
  const content = choice?.delta?.content ?? choice?.message?.content;
  return { content: typeof content === 'string' ? content : '', finished: typeof choice?.finish_reason === 'string' };
}

/** OpenAI's error body `{error: {message, type, code}}`, or the start of whatever came instead. */
export function describeErrorBody(text: string): string {
  try {
    const body = JSON.parse(text) as ChunkShape;
    if (body.error && typeof body.error === 'object') return `${body.error.type ?? body.error.code ?? 'error'}: ${body.error.message ?? ''}`;
  } catch {
    // not JSON: fall through
  }
  return text.slice(0, 200);
}
