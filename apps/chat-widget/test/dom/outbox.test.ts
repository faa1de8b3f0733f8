// The outbox against a real local HTTP server speaking the send stream (SSE), with the host's
// confirmations applied late, as the widget's paced view applies them on a busy page.
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Conversation, type StoredMessage } from '../../src/app/conversation';
import { Outbox, type OutboxHost } from '../../src/app/outbox';

interface Turn {
  clientId: string;
  content: string;
}

/** Answers every turn at once: the stored message, one token, the stored answer. */
async function startSendStream(): Promise<{ base: string; turns: Turn[]; close(): Promise<void> }> {
  const turns: Turn[] = [];
  let seq = 0;
  const stored = new Map<string, StoredMessage>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const { client_message_id: clientId, content } = JSON.parse(body) as { client_message_id: string; content: string };
      turns.push({ clientId, content });
      const at = new Date(0).toISOString();
      const message = stored.get(clientId) ?? { id: `m-${++seq}`, seq, sender_type: 'end_user', sender_id: 'v_1', content_type: 'text', content, rich_media: null, created_at: at };
      stored.set(clientId, message as StoredMessage);
      const answer = { ...message, id: `a-${message.id}`, seq: ++seq, sender_type: 'bot', content: `re: ${content}` };
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        [`event: message\ndata: ${JSON.stringify(message)}\n\n`, `event: token\ndata: ${JSON.stringify({ delta: 're', index: 0 })}\n\n`, `event: done\ndata: ${JSON.stringify(answer)}\n\n`].join(''),
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    turns,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('Outbox', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('sends each message once even when its confirmation is shown after its turn ended', async () => {
    const server = await startSendStream();
    // The widget calls same-origin paths; here they go to the local server.
    globalThis.fetch = (input, init) => realFetch(`${server.base}${String(input)}`, init);
    const conversation = new Conversation();
    const late: (() => void)[] = [];
    const host: OutboxHost = {
      conversation: () => conversation,
      token: async () => 'token',
      renewSession: async () => undefined,
      // The paced view is busy: the confirmation waits until after the whole turn.
      confirmed: (clientId, stored) => late.push(() => conversation.confirm(clientId, stored)),
      delta: () => undefined,
      answered: () => undefined,
      handoff: () => undefined,
      botError: () => undefined,
      notice: () => undefined,
      waiting: () => undefined,
      changed: () => undefined,
    };
    const outbox = new Outbox(host);
    try {
      outbox.send('first');
      outbox.send('second');
      const deadline = Date.now() + 5_000;
      while (server.turns.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 100)); // room for a wrong third send
      expect(server.turns.map((t) => t.content)).toEqual(['first', 'second']);
      late.splice(0).forEach((apply) => apply());
      expect(conversation.outgoing).toEqual([]);
      expect(conversation.messages.map((m) => m.content)).toEqual(['first', 'second']);
    } finally {
      await server.close();
    }
  });
});
