// The widget's promises that only show over time or across pages: the host page API (postMessage
// both ways, window.Parley, identities), a connection cut and restored, and a 429 waited out.
import type { WebSocketRoute } from 'playwright-core';
import { agentApi, identityAssertion, login, type AgentSession } from './helpers/platform-clients';
import { useBrowserSuite } from './helpers/browser-suite';
import { until, WidgetPage } from './helpers/widget-page';

declare const window: any;
declare const document: any;

jest.setTimeout(240_000);

describe('the web widget over time and with its host page', () => {
  const suite = useBrowserSuite();
  const { context } = suite;
  const sentMessage = (w: WidgetPage, text: string) => w.messages('visitor').filter({ hasText: text }).and(w.log.locator('[data-state="sent"]'));

  it('talks to its host page: commands in by postMessage and window.Parley, events out, origins checked on both sides', async () => {
    const w = await WidgetPage.open(await context(), suite.platform.demoUrl, suite.platform.edgeUrl);
    const ready = await w.waitForEvent('parley:ready');
    expect(ready).toMatchObject({ open: false, unread: 0 });
    const id = ready.conversation_id as string;

    // A command posted straight into the iframe, as an integrator's own code would.
    await w.page.evaluate((origin: string) => document.querySelector('#parley-widget iframe').contentWindow.postMessage({ type: 'parley:open' }, origin), suite.platform.edgeUrl);
    await w.waitForEvent('parley:opened');
    await until(async () => expect(await w.frame.isVisible()).toBe(true));
    await w.page.evaluate(() => window.Parley.close());
    await w.waitForEvent('parley:closed');
    await until(async () => expect(await w.frame.isVisible()).toBe(false));

    // The loader listens only to its own iframe: the page posting to itself changes nothing.
    await w.page.evaluate(() => window.postMessage({ type: 'parley:set-visibility', open: true }, '*'));
    await w.page.evaluate(() => window.Parley.toggle());
    await until(async () => expect((await w.events()).filter((e) => e.type === 'parley:opened')).toHaveLength(2));
    expect((await w.events()).filter((e) => e.type === 'parley:closed')).toHaveLength(1);
    expect(await w.frame.isVisible()).toBe(true);

    // Messages while closed: a `parley:message` for each and the unread count, on the launcher too.
    await w.send('Hello, anyone there?');
    await sentMessage(w, 'anyone there').waitFor();
    await w.messages('bot').first().waitFor(); // the bot's turn is over before the agent takes it
    await agentApi(suite.platform, suite.agent).assign(id);
    await w.page.evaluate(() => window.Parley.close());
    await until(async () => expect((await w.events()).filter((e) => e.type === 'parley:closed')).toHaveLength(2));
    await agentApi(suite.platform, suite.agent).send(id, { content: 'Yes, Ada here.' });
    const received = await w.waitForEvent('parley:message', (e) => (e.message as { content: string }).content === 'Yes, Ada here.');
    expect(received.message).toMatchObject({ sender_type: 'agent', content_type: 'text', seq: expect.any(Number) });
    await w.waitForEvent('parley:unread', (e) => e.count === 1);
    await until(async () => expect(await w.launcher.locator('span').textContent()).toBe('1'));
    await w.openChat();
    await w.waitForEvent('parley:unread', (e) => e.count === 0);
    expect(await w.launcher.locator('span').isVisible()).toBe(false);

    // The customer's name, by postMessage; an identity, by window.Parley.
    await w.page.evaluate((origin: string) => document.querySelector('#parley-widget iframe').contentWindow.postMessage({ type: 'parley:set-customer-name', name: 'Ada Lovelace' }, origin), suite.platform.edgeUrl);
    await until(async () => expect((await agentApi(suite.platform, suite.agent).conversation(id)).end_user.display_name).toBe('Ada Lovelace'));
    const assertion = await identityAssertion(suite.platform, { user_id: 'user_42', name: 'Grace Hopper' });
    await w.page.evaluate((jwt: string) => window.Parley.identify(jwt), assertion);
    const verified = await w.waitForEvent('parley:ready', (e) => e.conversation_id !== id);
    const conversation = await agentApi(suite.platform, suite.agent).conversation(verified.conversation_id as string);
    expect(conversation.end_user).toMatchObject({ external_id: 'user_42', display_name: 'Grace Hopper' });
    // The anonymous conversation is not the user's: the widget now shows the verified one, empty.
    await until(async () => expect(await w.messages().count()).toBe(0));
  });

  it('takes commands only from its own host page: another origin that can reach the iframe is ignored', async () => {
    const c = await context();
    const w = await WidgetPage.open(c, suite.platform.demoUrl, suite.platform.edgeUrl);
    const id = (await w.waitForEvent('parley:ready')).conversation_id as string;
    await w.openChat();
    await w.send('Hello from the real visitor');
    await w.messages('bot').first().waitFor(); // the bot's turn is over before the agent takes it
    await agentApi(suite.platform, suite.agent).assign(id);

    // A window on another origin with a handle on the widget's frame: a page the host opened.
    const stranger = suite.platform.demoUrl.replace('//localhost:', '//127.0.0.1:');
    const [popup] = await Promise.all([c.waitForEvent('page'), w.page.evaluate((url: string) => void window.open(url), stranger)]);
    await popup.waitForLoadState('load');
    await popup.evaluate(() => window.opener[0].postMessage({ type: 'parley:set-customer-name', name: 'Mallory' }, '*'));

    // Had the widget taken that command, it would also have taken the stranger for its host and
    // sent its events there: the real host page would hear nothing more.
    await agentApi(suite.platform, suite.agent).send(id, { content: 'Still with you.' });
    await w.waitForEvent('parley:message', (e) => (e.message as { content: string }).content === 'Still with you.');
    expect((await agentApi(suite.platform, suite.agent).conversation(id)).end_user.display_name).not.toBe('Mallory');
  });

  it('loses and doubles nothing when the connection is cut and restored', async () => {
    const c = await context();
    // Every Socket.IO WebSocket goes through here, so the test can cut it like a dropped network.
    let cut = false;
    const live: WebSocketRoute[] = [];
    await c.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (cut) return void ws.close();
      ws.connectToServer();
      live.push(ws);
    });
    const w = await WidgetPage.open(c, suite.platform.demoUrl, suite.platform.edgeUrl);
    await w.openChat();
    const id = (await w.waitForEvent('parley:ready')).conversation_id as string;
    await w.send('Before the cut');
    await sentMessage(w, 'Before the cut').waitFor();
    await w.messages('bot').first().waitFor();
    await agentApi(suite.platform, suite.agent).assign(id);
    await agentApi(suite.platform, suite.agent).send(id, { content: 'Agent: live before the cut' });
    await w.messages('agent').filter({ hasText: 'live before the cut' }).waitFor();
    const offline = w.chat.getByRole('status');
    expect(await offline.count()).toBe(0); // the banner exists only while offline (hidden otherwise)

    cut = true;
    await c.setOffline(true);
    await Promise.all(live.splice(0).map((ws) => ws.close()));
    await offline.waitFor();
    expect(await offline.textContent()).toContain('offline');
    for (const n of [1, 2, 3]) await agentApi(suite.platform, suite.agent).send(id, { content: `Agent: missed ${n}` });
    await w.send('Written while offline');
    expect(await w.messages('visitor').filter({ hasText: 'Written while offline' }).getAttribute('data-state')).toBe('sending');

    cut = false;
    await c.setOffline(false);
    await offline.waitFor({ state: 'hidden' });
    await sentMessage(w, 'Written while offline').waitFor();
    for (const n of [1, 2, 3]) await w.messages('agent').filter({ hasText: `Agent: missed ${n}` }).waitFor();

    const shown = await w.storedMessages();
    const seqs = shown.map(([seq]) => seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i)); // every seq once, none missing
    for (const text of ['Before the cut', 'live before the cut', 'missed 1', 'missed 2', 'missed 3', 'Written while offline']) {
      expect(shown.filter(([, t]) => t.includes(text))).toHaveLength(1);
    }
    expect(await w.log.locator('[data-state="sending"], [data-state="failed"]').count()).toBe(0);
  });

  it('on 429 waits as long as Retry-After says, tells the visitor, then sends', async () => {
    const admin = await login(suite.platform, 'admin');
    // One message at once, one more every 5 s: the second message in a row is refused with Retry-After 5.
    await agentApi(suite.platform, admin).patchBot(suite.platform.state.bot_id, { budget: { burst: 1, refill_per_min: 12 } });
    try {
      const w = await WidgetPage.open(await context(), suite.platform.demoUrl, suite.platform.edgeUrl);
      await w.openChat();
      await w.send('First question');
      await sentMessage(w, 'First question').waitFor();
      await w.send('Second question, too soon');
      const notice = w.chat.getByRole('alert');
      await notice.waitFor();
      expect(await notice.textContent()).toMatch(/Sending again in [1-5] s\./);
      expect(await w.messages('visitor').filter({ hasText: 'too soon' }).getAttribute('data-state')).toBe('sending');
      await sentMessage(w, 'too soon').waitFor({ timeout: 20_000 });
      await notice.waitFor({ state: 'detached' });
      expect(await w.messages('visitor').filter({ hasText: 'too soon' }).count()).toBe(1);
    } finally {
      await agentApi(suite.platform, admin).patchBot(suite.platform.state.bot_id, { budget: { burst: 20, refill_per_min: 10 } });
    }
  });
});
