import type { Browser, BrowserContext, WebSocketRoute } from 'playwright-core';
import { launchChromium, startPlatform, type RunningPlatform } from '@parley/testing';
import { InboxAgent } from './helpers/inbox-agent';
import { addMember, signInApi } from './helpers/platform-api';
import { WidgetVisitor } from './helpers/widget-visitor';

jest.setTimeout(300_000);

/**
 * Cuts and restores one browser context's Socket.IO connections at the network level: the page
 * sees its WebSocket close and its reconnects wait until `restore()`, as on a train through a
 * tunnel.
 */
async function cuttableSocket(context: BrowserContext) {
  let current: WebSocketRoute | null = null;
  let held: WebSocketRoute[] = [];
  let offline = false;
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (offline) return void held.push(ws);
    ws.connectToServer();
    current = ws;
  });
  return {
    async cut() {
      offline = true;
      await current?.close();
    },
    restore() {
      offline = false;
      for (const ws of held) (current = ws).connectToServer();
      held = [];
    },
  };
}

/**
 * The inbox against the whole platform, with the real widget on the demo page in another
 * browser context: a visitor and two agents at once.
 */
describe('inbox: a visitor and two agents, live', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let ana: InboxAgent;
  let ben: InboxAgent;
  let visitor: WidgetVisitor;
  let network: Awaited<ReturnType<typeof cuttableSocket>>;
  let conversationId: string;

  beforeAll(async () => {
    [platform, browser] = await Promise.all([startPlatform(), launchChromium()]);
    const admin = await signInApi(platform.edgeUrl, platform.state.admin);
    const second = await addMember(admin, 'Ben');
    const anaContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    network = await cuttableSocket(anaContext);
    ana = await InboxAgent.signIn(anaContext, platform.edgeUrl, platform.state.agent);
    ben = await InboxAgent.signIn(await browser.newContext({ viewport: { width: 1280, height: 800 } }), platform.edgeUrl, second);
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it("shows the visitor's first message in every agent's Unassigned list live, and a claim takes it out of all of them", async () => {
    const before = await ana.rowIds('unassigned');
    visitor = await WidgetVisitor.open(await browser.newContext(), platform.demoUrl);
    await visitor.send('Hello! Do you ship to Norway?');

    // Neither agent reloads: the row arrives over the socket.
    conversationId = await ana.newRow('unassigned', before);
    await ben.row('unassigned', conversationId).waitFor();
    await ana.row('unassigned', conversationId).getByText('Unassigned').waitFor();
    // The tab title carries a (sound-free) badge: one conversation waits with unread messages.
    await ben.page.waitForFunction('document.title === "(1) Inbox · Parley"');

    await ana.open('unassigned', conversationId);
    await ana.messages('visitor').filter({ hasText: 'Do you ship to Norway?' }).waitFor();
    await ana.claim();
    // Gone from Ben's queue at once, and now one of Ana's.
    await ben.row('unassigned', conversationId).waitFor({ state: 'detached' });
    await ben.page.waitForFunction('document.title === "Inbox · Parley"');
    await ana.page.waitForURL(`**/inbox/mine/${conversationId}`);
    await ana.row('mine', conversationId).waitFor();
    await ben.showFilter('all');
    // Ben's "All" names who holds it.
    await ben.row('all', conversationId).getByText('Demo Agent').waitFor();
  });

  it('carries messages both ways with typing indicators and read receipts', async () => {
    await visitor.type('Where is my ord');
    await ana.typingIndicator().waitFor();

    await visitor.send('Where is my order #1042?');
    await ana.messages('visitor').filter({ hasText: 'Where is my order #1042?' }).waitFor();
    await ana.typingIndicator().waitFor({ state: 'detached' });
    // Ana has it on screen: the visitor's message turns "read" in the widget.
    await visitor.ownMessage('Where is my order #1042?').and(visitor.chat.locator('[data-state="read"]')).waitFor();

    await ana.composer.pressSequentially('It left our warehouse', { delay: 30 });
    await visitor.typingIndicator().waitFor();
    await ana.composer.fill('It left our warehouse today and arrives Thursday.');
    await ana.composer.press('Enter');
    await visitor.messages('agent').filter({ hasText: 'arrives Thursday' }).waitFor();
    // The widget is open and visible, so the visitor has read it: Ana sees "Seen".
    const sent = ana.messages('agent').filter({ hasText: 'arrives Thursday' });
    await sent.and(ana.page.locator('[data-state="read"]')).waitFor();
    await sent.getByText('Seen').waitFor();
  });

  it('sends quick buttons the visitor can click, and the choice comes back as the visitor\'s message', async () => {
    await ana.sendQuickButtons('Did that answer your question?', ['Yes, thanks', 'Not really']);
    await visitor.log.getByRole('button', { name: 'Yes, thanks', exact: true }).waitFor();
    await visitor.clickChoice('Yes, thanks');
    await ana.messages('visitor').filter({ hasText: 'Yes, thanks' }).waitFor();
    expect(await ana.messages('agent').filter({ hasText: 'Did that answer your question?' }).getByRole('listitem').allTextContents()).toEqual(['Yes, thanks', 'Not really']);
  });

  it('shows a script-looking message from the visitor as text, running nothing', async () => {
    const payload = `<img src=x onerror="document.title='pwned'"><script>window.__pwned = 1</script><b>bold?</b>`;
    await visitor.send(payload);
    const bubble = ana.messages('visitor').filter({ hasText: 'window.__pwned' });
    await bubble.waitFor();
    expect(await bubble.locator('.msg-text').textContent()).toBe(payload);
    expect(await bubble.locator('img, script, b').count()).toBe(0);
    expect(await ana.page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await ana.page.title()).not.toContain('pwned');
    // The list row's preview is text too.
    expect(await ana.row('mine', conversationId).locator('.conv-preview').textContent()).toBe(payload);
  });

  it('resumes after the connection drops: nothing lost, nothing doubled, the unsent reply delivered once', async () => {
    await network.cut();
    await ana.page.locator('[data-connection="offline"]').waitFor();
    await visitor.send('Message one while you were away');
    await visitor.send('Message two while you were away');
    await visitor.ownMessage('Message two while you were away').and(visitor.chat.locator('[data-state="sent"], [data-state="read"]')).waitFor();
    await ana.send('Reply typed while offline');
    await ana.messages('agent').filter({ hasText: 'Reply typed while offline' }).and(ana.page.locator('[data-state="sending"]')).waitFor();

    network.restore();
    await ana.live();
    await ana.messages('visitor').filter({ hasText: 'Message two while you were away' }).waitFor();
    await visitor.messages('agent').filter({ hasText: 'Reply typed while offline' }).waitFor();
    await ana.messages('agent').filter({ hasText: 'Reply typed while offline' }).and(ana.page.locator('[data-state="sent"], [data-state="read"]')).waitFor();
    for (const text of ['Message one while you were away', 'Message two while you were away']) {
      expect(await ana.messages('visitor').filter({ hasText: text }).count()).toBe(1);
    }
    expect(await ana.messages('agent').filter({ hasText: 'Reply typed while offline' }).count()).toBe(1);
    expect(await visitor.messages('agent').filter({ hasText: 'Reply typed while offline' }).count()).toBe(1);
    // Every message once and in order: the seqs the log shows only ever go up.
    const order = await ana.conversation.locator('[role="log"] [data-sender]').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    expect(order.findIndex((t) => t.includes('Message one'))).toBeLessThan(order.findIndex((t) => t.includes('Message two')));
  });

  it('resolves with tags; the visitor\'s next message opens a new session back in Unassigned', async () => {
    await ana.resolve('shipping, vip');
    await ana.page.getByText('This conversation is resolved').waitFor();
    await ben.showFilter('unassigned');
    await ben.row('unassigned', conversationId).waitFor({ state: 'detached' });

    await visitor.send('One more thing: can I change the address?');
    // Same conversation, new session: unassigned again, for everyone.
    await ben.row('unassigned', conversationId).waitFor();
    await ana.showFilter('unassigned');
    await ana.row('unassigned', conversationId).waitFor();
    await ana.open('unassigned', conversationId);
    await ana.page.locator('.conversation-state[data-status="unassigned"]').waitFor();
    const earlier = ana.page.getByRole('complementary', { name: 'Visitor details' });
    await earlier.getByText('Earlier sessions (1)').waitFor();
    await earlier.locator('.session-list').getByText('vip').waitFor();
  });

  it('works with the keyboard alone: pick, claim, reply, resolve', async () => {
    const page = ben.page;
    await page.keyboard.press('1');
    await ben.row('unassigned', conversationId).waitFor();
    await page.keyboard.press('j');
    await page.locator(`section.conversation[data-conversation-id="${conversationId}"]`).waitFor();
    await page.keyboard.press('c');
    await page.locator('.conversation-state[data-status="assigned"]').waitFor();
    await page.keyboard.press('r');
    await page.keyboard.type('Yes, I have changed it for you.');
    await page.keyboard.press('Enter');
    await visitor.messages('agent').filter({ hasText: 'I have changed it for you' }).waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('e');
    await page.getByRole('dialog', { name: 'Resolve conversation' }).waitFor();
    await page.keyboard.type('address');
    await page.keyboard.press('Enter');
    await page.locator('.conversation-state[data-status="resolved"]').waitFor();
  });
});
