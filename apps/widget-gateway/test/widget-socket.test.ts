import { freePorts, useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';
import { initOk, seedWidget, type SeededWidget } from './fixtures';
import { call, closeSockets, connect, connected, seedAgent, startNode, type Node } from './realtime-fixtures';

const infra = useTestInfra();

/** The widget iframe is served by the gateway, so its socket carries the gateway's own origin. */
describe('sockets of the widget iframe', () => {
  let node: Node;
  let shop: SeededWidget;
  beforeAll(async () => {
    shop = await seedWidget(infra.db, 'iframe-socket');
    node = await startNode(infra);
  });
  afterEach(() => closeSockets());
  afterAll(() => node.app.close());

  it("connect from the gateway's own origin with a widget token, though the token lists only the customer's site", async () => {
    const visitor = await initOk(node.app, { embed_token: shop.embedToken });
    const socket = await connected(connect(node.url, { origin: node.url, auth: { token: visitor.token } }));
    await expect(call(socket, 'join_conversation', { conversation_id: visitor.conversation_id, last_seq: 0 })).resolves.toMatchObject({ conversation_id: visitor.conversation_id });
    // Another page's origin gets nothing of the kind.
    await expect(connected(connect(node.url, { origin: 'https://evil.example', auth: { token: visitor.token } }))).rejects.toBeTruthy();
  });

  it("stay the visitor's even when the browser adds an agent's session cookie (the inbox is the same site)", async () => {
    const visitor = await initOk(node.app, { embed_token: shop.embedToken });
    const agent = await seedAgent(infra, shop.orgId);
    // As with `npm start`: the inbox and the widget share one edge, so the widget's origin is a console origin.
    const [port] = await freePorts(1);
    const url = `http://127.0.0.1:${port}`;
    const gateway = await buildApp(infra.deps(), { logger: false, consoleOrigins: [url] });
    await gateway.listen({ host: '127.0.0.1', port: port! });
    try {
      const asAgent = await connected(connect(url, { origin: url, cookie: agent.cookie }));
      await call(asAgent, 'join_queue'); // the cookie alone: the agent
      const widget = await connected(connect(url, { origin: url, cookie: agent.cookie, auth: { token: visitor.token } }));
      await expect(call(widget, 'join_queue')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(call(widget, 'join_conversation', { conversation_id: visitor.conversation_id })).resolves.toBeTruthy();
    } finally {
      closeSockets();
      await gateway.close();
    }
  });
});
