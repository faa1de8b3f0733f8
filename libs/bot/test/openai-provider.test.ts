import { startOpenAiServer, type OpenAiPlan, type OpenAiServer } from '@parley/testing';
import { openAiProvider, ProviderError, readProviderSettings, type BotProfile, type GenerateInput } from '../src';

let plan: OpenAiPlan = { kind: 'stream', chunks: ['Hello'] };
let server: OpenAiServer;
beforeAll(async () => {
  server = await startOpenAiServer({ script: () => plan });
});
afterAll(() => server.close());

function bot(settings: Record<string, unknown> = {}, apiKey?: string): BotProfile {
  return {
    id: 'bot-1',
    orgId: 'org-1',
    name: 'Helper',
    prompt: 'You are the Acme shoe shop assistant.',
    provider: 'openai',
    settings: readProviderSettings({ baseUrl: server.url, model: 'tiny-llm', ...settings }),
    apiKey,
  };
}

function input(b: BotProfile, signal = new AbortController().signal): GenerateInput {
  return {
    bot: b,
    question: 'Do you ship to Norway?',
    history: [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello! How can I help?' },
    ],
    knowledge: [{ id: 'a1', title: 'Shipping', body: 'We ship to every EU country and Norway.', tags: [], score: 3, coverage: 1 }],
    signal,
  };
}

async function collect(i: GenerateInput): Promise<{ chunks: string[]; error?: unknown; ms: number }> {
  const started = Date.now();
  const chunks: string[] = [];
  try {
    for await (const c of openAiProvider.generate(i)) chunks.push(c);
    return { chunks, ms: Date.now() - started };
  } catch (error) {
    return { chunks, error, ms: Date.now() - started };
  }
}

const lastRequest = () => server.requests[server.requests.length - 1]!;

describe('openai provider', () => {
  it('streams the deltas and sends the model, the key, the prompt with knowledge, history and question', async () => {
    plan = { kind: 'stream', chunks: ['Yes', ', we ship', ' to Norway.'], delayMs: 5 };
    const { chunks, error } = await collect(input(bot({ temperature: 0.2 }, 'sk-test-123')));
    expect(error).toBeUndefined();
    expect(chunks).toEqual(['Yes', ', we ship', ' to Norway.']);
    const req = lastRequest();
    expect(req.headers.authorization).toBe('Bearer sk-test-123');
    expect(req.body).toMatchObject({ model: 'tiny-llm', stream: true, temperature: 0.2 });
    const messages = req.body.messages as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[0]!.content).toMatch(/^You are the Acme shoe shop assistant\./);
    expect(messages[0]!.content).toContain('### Shipping\nWe ship to every EU country and Norway.');
    expect(messages[3]!.content).toBe('Do you ship to Norway?');
  });

  it('sends no Authorization header for a bot without a key (a local Ollama, say)', async () => {
    plan = { kind: 'stream', chunks: ['ok'] };
    await collect(input(bot()));
    expect(lastRequest().headers.authorization).toBeUndefined();
  });

  it('reassembles events cut mid-line across network reads', async () => {
    plan = { kind: 'stream', chunks: ['Split ', 'lines ', 'work.'], splitEvents: true };
    const { chunks, error } = await collect(input(bot()));
    expect(error).toBeUndefined();
    expect(chunks.join('')).toBe('Split lines work.');
  });

  it('accepts a server that ignores stream:true and answers one JSON document', async () => {
    plan = { kind: 'json', content: 'Whole answer.' };
    expect((await collect(input(bot()))).chunks).toEqual(['Whole answer.']);
  });

  it.each([
    [429, 'PROVIDER_UNAVAILABLE'],
    [503, 'PROVIDER_UNAVAILABLE'],
    [500, 'PROVIDER_ERROR'],
    [401, 'PROVIDER_ERROR'],
  ])('maps HTTP %i to %s, keeping the provider message out of the public one', async (status, code) => {
    plan = { kind: 'error', status, message: 'Incorrect API key provided: sk-...123', type: 'server_error' };
    const { error } = await collect(input(bot()));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code, status });
    expect((error as ProviderError).detail).toContain('Incorrect API key');
    expect((error as ProviderError).message).not.toContain('sk-');
  });

  it('times out a provider that never answers, within the configured timeout', async () => {
    plan = { kind: 'stall' };
    const { error, ms } = await collect(input(bot({ timeoutMs: 200 })));
    expect(error).toMatchObject({ code: 'PROVIDER_TIMEOUT' });
    expect(ms).toBeGreaterThanOrEqual(190);
    expect(ms).toBeLessThan(1000);
    await expect(lastRequest().closed).resolves.toEqual({ early: true });
  });

  it('times out a stream that goes silent after the first chunks', async () => {
    plan = { kind: 'stream', chunks: ['Partial'], then: 'stall' };
    const { chunks, error, ms } = await collect(input(bot({ idleTimeoutMs: 200 })));
    expect(chunks).toEqual(['Partial']);
    expect(error).toMatchObject({ code: 'PROVIDER_TIMEOUT' });
    expect(ms).toBeLessThan(1000);
  });

  it('reports a stream cut before [DONE] as an error, and a refused connection as unavailable', async () => {
    plan = { kind: 'stream', chunks: ['Half'], then: 'disconnect' };
    expect((await collect(input(bot()))).error).toMatchObject({ code: 'PROVIDER_ERROR' });
    const refused = await collect(input(bot({ baseUrl: 'http://127.0.0.1:1/v1' })));
    expect(refused.error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
  });

  it('aborts the upstream request when the signal fires: the server sees the connection close', async () => {
    plan = { kind: 'stream', chunks: ['one ', 'two ', 'three ', 'four'], delayMs: 100 };
    const controller = new AbortController();
    const reason = new Error('visitor left');
    const chunks: string[] = [];
    const run = (async () => {
      for await (const c of openAiProvider.generate(input(bot(), controller.signal))) {
        chunks.push(c);
        controller.abort(reason);
      }
    })();
    await expect(run).rejects.toBe(reason);
    expect(chunks).toEqual(['one ']);
    await expect(lastRequest().closed).resolves.toEqual({ early: true });
  });

  it('refuses a bot without a base URL or model before any request', async () => {
    const b = bot();
    b.settings.model = undefined;
    expect((await collect(input(b))).error).toMatchObject({ code: 'PROVIDER_ERROR' });
  });
});
