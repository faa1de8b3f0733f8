// The widget in Chromium against the whole platform as `npm start` runs it: the demo page embeds
// it with the demo embed token, agents answer through the agent API, and the assertions look
// only at what a visitor (or the host page) can see.
import type { Browser } from 'playwright-core';
import { agentApi, agentSocket, emitAck, login, type AgentSession } from './helpers/platform-clients';
import { useBrowserSuite } from './helpers/browser-suite';
import { until, WidgetPage } from './helpers/widget-page';

declare const window: any;
declare const document: any;

jest.setTimeout(240_000);

/** A promise that must settle in time, so a missing event fails the test instead of hanging it. */
const within = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms).unref())]);

describe('the web widget in a browser', () => {
  const suite = useBrowserSuite();
  const { context } = suite;
  const openDemo = async (options?: Parameters<Browser['newContext']>[0]) => WidgetPage.open(await context(options), suite.platform.demoUrl, suite.platform.edgeUrl);
  /** A visitor who wrote once and whose conversation the demo agent holds (so the bot stays quiet). */
  const withAgent = async (w: WidgetPage) => {
    const { conversation_id: id } = await w.waitForEvent('parley:ready');
    await w.send('I would like to talk to a person');
    await w.messages('visitor').filter({ hasText: 'talk to a person' }).and(w.log.locator('[data-state="sent"]')).waitFor();
    // The bot's turn is over before the agent takes the conversation: no answer arrives later.
    await w.messages('bot').first().waitFor();
    await agentApi(suite.platform, suite.agent).assign(id as string);
    return id as string;
  };

  it('shows the launcher on the demo page; the keyboard opens it with focus in the composer and Escape closes it back to the launcher', async () => {
    const w = await openDemo();
    expect(await w.launcher.getAttribute('aria-label')).toBe('Open chat');
    expect(await w.frame.isVisible()).toBe(false);
    // The only global the loader defines, and it exists once.
    expect(await w.page.evaluate(() => Object.keys(window.Parley).sort())).toEqual(['close', 'identify', 'open', 'setCustomerName', 'toggle']);
    expect(await w.page.locator('#parley-widget').count()).toBe(1);

    await w.page.keyboard.press('Tab');
    expect(await WidgetPage.hasFocus(w.launcher)).toBe(true);
    await w.page.keyboard.press('Enter');
    await until(async () => expect(await WidgetPage.hasFocus(w.messageBox)).toBe(true));
    expect(await w.launcher.getAttribute('aria-label')).toBe('Close chat');
    // Fixed bottom right, 380×560, as the reference's loader places it.
    const box = (await w.frame.boundingBox())!;
    const viewport = w.page.viewportSize()!;
    expect({ width: box.width, height: box.height }).toEqual({ width: 380, height: 560 });
    expect(box.x + box.width).toBe(viewport.width - 20);
    expect(await w.frame.evaluate((el: any) => window.getComputedStyle(el).position)).toBe('fixed');

    await w.page.keyboard.type('Typed without a mouse');
    await w.page.keyboard.press('Enter');
    await w.messages('visitor').filter({ hasText: 'Typed without a mouse' }).waitFor();
    await w.page.keyboard.press('Escape');
    await until(async () => expect(await w.frame.isVisible()).toBe(false));
    expect(await WidgetPage.hasFocus(w.launcher)).toBe(true);
    expect(await w.launcher.getAttribute('aria-label')).toBe('Open chat');
  });

  it('fills a narrow phone screen, and its own close button gives the page back', async () => {
    const w = await openDemo({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
    await w.openChat();
    expect(await w.frame.boundingBox()).toEqual({ x: 0, y: 0, width: 375, height: 667 });
    expect(await w.launcher.isVisible()).toBe(false);
    await w.chat.getByRole('button', { name: 'Close chat' }).click();
    await until(async () => expect(await w.launcher.isVisible()).toBe(true));
    expect(await w.frame.isVisible()).toBe(false);
  });

  it('answers "hello" token by token, asks for contact details when the bot hands over, and a reload restores the conversation', async () => {
    const w = await openDemo();
    await w.openChat();
    const ready = await w.waitForEvent('parley:ready');
    // Every text the answer had while it was being written.
    await w.chat.locator('body').evaluate(() => {
      window.__partials = [];
      new window.MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-streaming]')) window.__partials.push(el.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await w.send('hello');
    const answer = w.messages('bot').first();
    await answer.waitFor();
    const final = (await answer.locator('.pw-text').textContent())!;
    const partials = [...new Set<string>(await w.chat.locator('body').evaluate(() => window.__partials))].filter(Boolean);
    expect(partials.length).toBeGreaterThanOrEqual(2);
    for (const partial of partials) expect(final.startsWith(partial)).toBe(true);
    expect(partials.some((p) => p.length < final.length)).toBe(true);
    expect(await w.messages('visitor').getAttribute('data-state')).toBe('sent');

    // The bot had no answer and a teammate will follow up: the widget asks how to reach the visitor.
    const form = w.chat.getByRole('form', { name: 'Contact details' });
    await form.getByLabel('E-mail').fill('ada@example.com');
    await form.getByLabel('Name').fill('Ada');
    await form.getByRole('button', { name: 'Send details' }).click();
    await w.chat.getByText('Thanks! The team will get back to you by e-mail.').waitFor();
    const admin = await login(suite.platform, 'admin');
    const leads = (await (await fetch(`${suite.platform.edgeUrl}/api/console/leads?q=ada%40example.com`, { headers: { cookie: admin.cookie } })).json()) as { leads: { email: string; conversation_id: string }[] };
    expect(leads.leads).toEqual([expect.objectContaining({ email: 'ada@example.com', conversation_id: ready.conversation_id })]);

    const before = await w.storedMessages();
    const visitorId = await w.storedVisitorId(suite.platform.state.embed_token);
    expect(visitorId).toMatch(/^v_[0-9a-f]{32}$/);
    await w.page.reload();
    await w.openChat();
    expect((await w.waitForEvent('parley:ready')).conversation_id).toBe(ready.conversation_id);
    await until(async () => expect(await w.storedMessages()).toEqual(before));
    expect(await w.storedVisitorId(suite.platform.state.embed_token)).toBe(visitorId);
  });

  it('shows an agent reply live, with the agent name, typing indicators both ways and read receipts', async () => {
    const w = await openDemo();
    await w.openChat();
    const id = await withAgent(w);
    const socket = await agentSocket(suite.platform, suite.agent);
    try {
      await emitAck(socket, 'join_conversation', { conversation_id: id });
      socket.emit('user_typing', { conversation_id: id, sender_type: 'agent' });
      await w.chat.locator('[data-typing="agent"]').waitFor();

      const visitorTyping = new Promise((resolve) => socket.on('typing_indicator', (p: { sender_type: string }) => p.sender_type === 'end_user' && resolve(p)));
      await w.messageBox.pressSequentially('Still th', { delay: 30 });
      await within(visitorTyping, 15_000, "the visitor's typing_indicator at the agent");
      await w.messageBox.fill('');

      await agentApi(suite.platform, suite.agent).send(id, { content: 'Hi! I am here to help.' });
      const reply = w.messages('agent').filter({ hasText: 'I am here to help' });
      await reply.waitFor();
      await until(async () => expect(await reply.locator('.pw-name').textContent()).toBe(suite.agent.displayName));
      await w.chat.locator('[data-typing]').waitFor({ state: 'detached' });

      // The agent reads the visitor's message: the widget shows it as read.
      const history = (await (await fetch(`${suite.platform.edgeUrl}/api/conversations/${id}/messages`, { headers: { cookie: suite.agent.cookie } })).json()) as { id: string; sender_type: string }[];
      await emitAck(socket, 'mark_read', { conversation_id: id, message_ids: history.filter((m) => m.sender_type === 'end_user').map((m) => m.id) });
      await until(async () => expect(await w.messages('visitor').last().getAttribute('data-state')).toBe('read'));
    } finally {
      socket.disconnect();
    }
  });

  it('renders every rich media type, each usable by mouse and by keyboard', async () => {
    const c = await context();
    // Images come from anywhere on the web; here a stand-in host serves a real PNG.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    await c.route('https://images.example/**', (route) => route.fulfill({ contentType: 'image/png', body: png }));
    const w = await WidgetPage.open(c, suite.platform.demoUrl, suite.platform.edgeUrl);
    await w.openChat();
    const id = await withAgent(w);
    const api = agentApi(suite.platform, suite.agent);
    const sent = (value: string) => w.messages('visitor').filter({ hasText: new RegExp(`^${value}`) });

    await api.send(id, { content_type: 'image', content: 'Our shop', rich_media: { url: 'https://images.example/shop.png', alt: 'The shop front' } });
    const image = w.log.getByRole('img', { name: 'The shop front' });
    await image.waitFor();
    expect(await image.getAttribute('src')).toBe('https://images.example/shop.png');
    await until(async () => expect(await image.evaluate((img: any) => img.complete && img.naturalWidth)).toBe(1));

    await api.send(id, { content_type: 'file', content: 'invoice.pdf', rich_media: { url: 'https://files.example/invoice.pdf', filename: 'invoice.pdf', size: 204800, mime_type: 'application/pdf' } });
    const file = w.log.getByRole('link', { name: 'Download invoice.pdf, 200 KB' });
    await file.waitFor();
    expect(await file.getAttribute('href')).toBe('https://files.example/invoice.pdf');
    expect(await file.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(await file.textContent()).toBe('invoice.pdf200 KB');

    await api.send(id, { content_type: 'quick_button', content: 'Did that help?', rich_media: { buttons: [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }] } });
    const choices = w.log.getByRole('group', { name: 'Did that help?' });
    await choices.getByRole('button', { name: 'Yes' }).click();
    await sent('yes').waitFor();
    await choices.getByRole('button', { name: 'No' }).focus();
    await w.page.keyboard.press('Enter');
    await sent('no').waitFor();

    const card = (n: string) => ({ title: `Tent ${n}`, subtitle: `Model ${n}`, image_url: `https://images.example/${n}.png`, buttons: [{ label: `Buy ${n}`, value: `buy_${n}` }] });
    await api.send(id, { content_type: 'carousel', content: '', rich_media: { cards: [card('A'), card('B'), card('C')] } });
    const carousel = w.log.getByRole('region', { name: /3 cards/ });
    await carousel.waitFor();
    expect(await carousel.getByRole('listitem').count()).toBe(3);
    expect(await carousel.getByRole('listitem').nth(1).textContent()).toBe('Tent BModel BBuy B');
    expect(await carousel.locator('img').first().getAttribute('src')).toBe('https://images.example/A.png');
    await carousel.focus();
    await w.page.keyboard.press('ArrowRight');
    await until(async () => expect(await carousel.evaluate((el: any) => el.scrollLeft)).toBeGreaterThan(0));
    await carousel.getByRole('button', { name: 'Buy A' }).click();
    await sent('buy_A').waitFor();
    await carousel.getByRole('button', { name: 'Buy C' }).focus();
    await w.page.keyboard.press('Enter');
    await sent('buy_C').waitFor();

    await api.send(id, { content_type: 'dropdown', content: 'Select your region:', rich_media: { placeholder: '-- pick one --', options: [{ label: 'Asia Pacific', value: 'apac' }, { label: 'Europe', value: 'eu' }] } });
    const select = w.log.getByRole('combobox', { name: 'Select your region:' });
    await select.selectOption('eu');
    await sent('eu').waitFor();
    // Arrow keys only move the choice; Enter sends it (one message, not one per step).
    const visitorCount = await w.messages('visitor').count();
    await select.focus();
    await w.page.keyboard.press('ArrowUp');
    expect(await select.inputValue()).toBe('apac');
    await w.page.keyboard.press('Enter');
    await sent('apac').waitFor();
    expect(await w.messages('visitor').count()).toBe(visitorCount + 1);
  });

  it('shows "<img src=x onerror=alert(1)>" as text and runs no script; only http(s) text becomes a link', async () => {
    const w = await openDemo();
    const dialogs: string[] = [];
    w.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await w.openChat();
    const id = await withAgent(w);
    const attack = '<img src=x onerror=alert(1)>';
    await w.send(attack);
    await agentApi(suite.platform, suite.agent).send(id, { content: `${attack} javascript:alert(2) see https://example.com/help` });
    await w.messages('agent').filter({ hasText: 'see https://example.com/help' }).waitFor();
    expect(await w.messages('visitor').filter({ hasText: attack }).count()).toBe(1);
    expect(await w.log.locator('img[src="x"]').count()).toBe(0);
    const links = await w.log.locator('a').evaluateAll((as: any[]) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(['https://example.com/help']);
    expect(dialogs).toEqual([]);
  });

  it('gives a page on a disallowed origin no widget and one clear console message; a hand-made iframe there is refused by the browser', async () => {
    // The demo page itself, but under another name: http://127.0.0.1:port is not the allowed http://localhost:port.
    const stranger = suite.platform.demoUrl.replace('//localhost:', '//127.0.0.1:');
    const page = await (await context()).newPage();
    const console: string[] = [];
    page.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
    await page.goto(stranger);
    await until(() => expect(console.length).toBeGreaterThan(0));
    await page.waitForLoadState('networkidle');
    expect(console).toEqual([expect.stringMatching(/^warning: \[Parley\] Origin "http:\/\/127\.0\.0\.1:\d+" .*\(ORIGIN_NOT_ALLOWED\); the chat is not shown\.$/)]);
    expect(await page.locator('#parley-widget').count()).toBe(0);
    expect(await page.evaluate(() => typeof window.Parley)).toBe('object');

    // Building the iframe by hand does not help: frame-ancestors keeps the page out.
    const refusals: string[] = [];
    page.on('console', (m) => m.text().includes('frame-ancestors') && refusals.push(m.text()));
    await page.evaluate(
      (src: string) => {
        const frame = document.createElement('iframe');
        frame.id = 'manual';
        frame.src = src;
        document.body.append(frame);
      },
      `${suite.platform.edgeUrl}/chat-widget?embed_token=${suite.platform.state.embed_token}&session_id=v_manual`,
    );
    await until(() => expect(refusals.length).toBeGreaterThan(0));
    expect(await page.frameLocator('#manual').locator('textarea').count()).toBe(0);
  });

  it("works as the reference's hand-built iframe: title, customer_name and session_id as written there", async () => {
    const page = await (await context()).newPage();
    await page.goto(suite.platform.demoUrl);
    // The reference's "Passing a known user identity" snippet, on an allowed page, without embed.js.
    await page.evaluate(
      ([edge, token]: string[]) => {
        const iframe = document.createElement('iframe');
        iframe.src = `${edge}/chat-widget?embed_token=${token}&session_id=${encodeURIComponent('user_' + 1234)}&customer_name=${encodeURIComponent('Alice Smith')}&title=Support+Chat`;
        iframe.style.cssText = 'position:fixed;bottom:0;right:0;width:380px;height:560px;border:none;z-index:2147483647;border-radius:12px 12px 0 0;box-shadow:0 8px 32px rgba(0,0,0,0.18);';
        iframe.id = 'by-hand';
        document.body.appendChild(iframe);
      },
      [suite.platform.edgeUrl, suite.platform.state.embed_token],
    );
    const chat = page.frameLocator('#by-hand');
    expect(await chat.getByRole('heading', { level: 1 }).textContent()).toBe('Support Chat');
    await chat.locator('textarea[aria-label="Message"]').fill('Hello from my account');
    await chat.locator('button[aria-label="Send"]').click();
    await chat.locator('[role="log"] [data-sender="visitor"][data-state="sent"]').waitFor();
    const list = (await (await fetch(`${suite.platform.edgeUrl}/v1/conversations?filter=all`, { headers: { authorization: `Bearer ${suite.platform.state.api_key}` } })).json()) as {
      conversations: { end_user: { external_id: string; display_name: string | null } }[];
    };
    expect(list.conversations.map((c) => c.end_user)).toContainEqual(expect.objectContaining({ external_id: 'user_1234', display_name: 'Alice Smith' }));
  });

  it('keeps WCAG AA contrast and the bot colour from its settings', async () => {
    const w = await openDemo();
    await w.openChat();
    await w.send('Contrast check');
    await w.messages('visitor').waitFor();
    const config = (await (await fetch(`${suite.platform.edgeUrl}/chat-widget/config?embed_token=${suite.platform.state.embed_token}`)).json()) as { theme: { accent: string } };
    const ratios = await w.chat.locator('body').evaluate((body: any) => {
      const rgb = (css: string) => css.match(/\d+/g)!.slice(0, 3).map(Number);
      const lum = (c: number[]) => {
        const [r, g, b] = c.map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const ratio = (el: any, bgEl: any = el) => {
        const [a, b] = [lum(rgb(window.getComputedStyle(el).color)), lum(rgb(window.getComputedStyle(bgEl).backgroundColor))].sort((x, y) => y - x);
        return (a! + 0.05) / (b! + 0.05);
      };
      const q = (s: string) => body.querySelector(s);
      return {
        accent: window.getComputedStyle(q('.pw-head')).backgroundColor,
        header: ratio(q('.pw-head h1'), q('.pw-head')),
        visitor: ratio(q('[data-sender="visitor"] .pw-bubble')),
        greeting: ratio(q('[data-greeting] .pw-bubble')),
        composer: ratio(q('textarea'), body),
      };
    });
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(config.theme.accent.slice(i, i + 2), 16));
    expect(ratios.accent).toBe(`rgb(${r}, ${g}, ${b})`);
    for (const key of ['header', 'visitor', 'greeting', 'composer'] as const) expect(ratios[key]).toBeGreaterThanOrEqual(4.5);
  });
});
