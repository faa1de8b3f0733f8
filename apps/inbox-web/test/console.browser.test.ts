import http from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { createTestApnsKey, createTestServiceAccount, freePorts, launchChromium, startPlatform, type RunningPlatform } from '@parley/testing';
import { InboxAgent } from './helpers/inbox-agent';
import { addMember, signInApi } from './helpers/platform-api';
import { WidgetVisitor } from './helpers/widget-visitor';

jest.setTimeout(300_000);

/** A customer's site somewhere else: serves whatever snippet the admin pasted into it. */
async function customerSite(port: number) {
  let body = '<!doctype html><title>Docs</title><h1>Docs</h1>';
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${port}/`,
    origin: `http://localhost:${port}`,
    paste(snippet: string) {
      body = `<!doctype html><html lang="en"><head><title>Docs</title></head><body><h1>Product docs</h1>${snippet}</body></html>`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const consoleLink = (page: Page, name: string) => page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name, exact: true });

/**
 * Pixels of a chart's canvas in a series' colour spread over more than a flat line: the series
 * was drawn with values above zero, not just its baseline.
 */
const drawnHeight = (page: Page, chart: string, rgb: [number, number, number]) =>
  page.locator(`figure[data-chart="${chart}"] canvas`).evaluate((element, [r, g, b]) => {
    type Canvas2d = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray; width: number; height: number } } };
    const canvas = element as unknown as Canvas2d;
    const { data, width, height } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let top = height;
    let bottom = -1;
    for (let i = 0; i < width * height; i++) {
      if (Math.abs(data[i * 4]! - r) < 24 && Math.abs(data[i * 4 + 1]! - g) < 24 && Math.abs(data[i * 4 + 2]! - b) < 24 && data[i * 4 + 3]! > 200) {
        const y = Math.floor(i / width);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
    return bottom < 0 ? 0 : (bottom - top) / (globalThis as unknown as { devicePixelRatio: number }).devicePixelRatio;
  }, rgb);

/** Sign-in and the admin console against the whole platform, with the real widget on another site. */
describe('console: sign-in, embed tokens, secrets and charts', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof customerSite>>;
  let admin: InboxAgent;

  beforeAll(async () => {
    const [port] = await freePorts(1);
    [platform, browser, site] = await Promise.all([startPlatform(), launchChromium(), customerSite(port!)]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await platform?.stop();
  });

  it('says clearly when the password is wrong and when the account is locked, and signs out', async () => {
    const api = await signInApi(platform.edgeUrl, platform.state.admin);
    const member = await addMember(api, 'Lockie');
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${platform.edgeUrl}/inbox/mine`);
    await page.waitForURL('**/login');
    await page.getByLabel('E-mail').fill(member.email);
    /** One sign-in attempt: the server's status, and the message the page then shows. */
    const attempt = async (password: string) => {
      await page.getByLabel('Password').fill(password);
      const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/auth/login')), page.getByRole('button', { name: 'Sign in' }).click()]);
      await page.getByRole('button', { name: 'Sign in' }).and(page.locator(':enabled')).waitFor();
      return { status: response.status(), message: await page.getByRole('alert').textContent() };
    };
    expect(await attempt('not the password')).toEqual({ status: 401, message: expect.stringContaining('do not match') });
    // Five failures lock the account for a while: even the right password is refused then, and the page says why.
    for (let i = 0; i < 4; i++) expect((await attempt(`wrong ${i}`)).status).toBe(401);
    expect(await attempt(member.password)).toEqual({ status: 429, message: expect.stringMatching(/locked for this account\. Try again in \d+ minutes?\./) });

    admin = await InboxAgent.signIn(await browser.newContext({ viewport: { width: 1280, height: 800 } }), platform.edgeUrl, platform.state.admin);
    const other = await InboxAgent.signIn(await browser.newContext(), platform.edgeUrl, platform.state.agent);
    await other.page.getByRole('button', { name: 'Sign out' }).click();
    await other.page.getByText('You are signed out.').waitFor();
    await other.page.goto(`${platform.edgeUrl}/inbox/unassigned`);
    await other.page.getByRole('heading', { name: 'Sign in to your inbox' }).waitFor();
  });

  it('creates an embed token shown once with its snippet, and the snippet works on another site', async () => {
    const page = admin.page;
    await page.getByRole('link', { name: 'Console' }).click();
    await consoleLink(page, 'Web Chat').click();
    const form = page.getByRole('form', { name: 'Create an embed token' });
    await form.getByLabel('Name').fill('Docs site');
    await form.getByLabel('Allowed origins').fill(site.origin);
    await form.getByRole('button', { name: 'Create token' }).click();

    const created = page.locator('[data-created-token]');
    const token = await created.getByRole('textbox', { name: 'Embed token', exact: true }).inputValue();
    expect(token).toMatch(/^ew_/);
    const snippet = await created.getByLabel('Embed snippet').inputValue();
    expect(snippet).toBe(`<script src="${platform.edgeUrl}/chat-widget/embed.js" data-embed-token="${token}"></script>`);
    await page.getByRole('table', { name: 'Embed tokens' }).getByRole('row', { name: /Docs site/ }).waitFor();

    // Pasted into another site, the widget loads there and the conversation reaches the inbox.
    site.paste(snippet);
    await page.getByRole('link', { name: 'Inbox' }).click();
    const before = await admin.rowIds('unassigned');
    const visitor = await WidgetVisitor.open(await browser.newContext(), site.url);
    await visitor.send('Hi from the docs site: how do returns work?');
    await visitor.messages('bot').first().waitFor();
    const id = await admin.newRow('unassigned', before);
    await admin.open('unassigned', id);
    await admin.messages('visitor').filter({ hasText: 'from the docs site' }).waitFor();
    await admin.claim();
    await admin.send('Returns are free within 30 days.');
    await visitor.messages('agent').filter({ hasText: 'Returns are free' }).waitFor();

    // Once gone from the page, the token is never shown again: the list has its prefix only.
    await page.goto(`${platform.edgeUrl}/console/web-chat`);
    const row = page.getByRole('table', { name: 'Embed tokens' }).getByRole('row', { name: /Docs site/ });
    await row.waitFor();
    expect(await page.content()).not.toContain(token);
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog', { name: 'Revoke embed token' }).getByRole('button', { name: 'Revoke' }).click();
    await row.getByText('Revoked').waitFor();
  });

  it('draws usage and activity as charts with the day\'s data', async () => {
    const page = admin.page;
    await consoleLink(page, 'Analytics').click();
    for (const chart of ['Messages per day', 'Conversations opened and resolved', 'First response time (agents)']) {
      const figure = page.locator(`figure[data-chart="${chart}"]`);
      await figure.locator('canvas').waitFor();
      expect(Number(await figure.getAttribute('data-points'))).toBeGreaterThan(0);
    }
    // Visitor messages (green) and agent messages (blue) rise above the zero line.
    expect(await drawnHeight(page, 'Messages per day', [0x1f, 0x6f, 0x54])).toBeGreaterThan(15);
    expect(await drawnHeight(page, 'Messages per day', [0x2f, 0x5f, 0xb3])).toBeGreaterThan(15);
    expect(await page.locator('.stat-card').filter({ hasText: 'Conversations opened' }).locator('dd').textContent()).not.toBe('0');
    await page.locator('figure[data-chart="Metered messages per month"] canvas').waitFor();
    // The same numbers as a table, for anyone who would rather read them.
    await page.getByText('Show the numbers as a table').click();
    await page.getByRole('row', { name: new RegExp(new Date().toISOString().slice(0, 10)) }).waitFor();
  });

  it('shows API keys, push credentials and webhook secrets once, then only their fingerprints', async () => {
    const page = admin.page;
    await consoleLink(page, 'API Keys').click();
    const keyForm = page.getByRole('form', { name: 'Create an API key' });
    await keyForm.getByLabel('Name').fill('CRM sync');
    await keyForm.getByRole('checkbox', { name: /conversations:read/ }).check();
    await keyForm.getByRole('button', { name: 'Create key' }).click();
    const key = await page.getByRole('textbox', { name: 'API key', exact: true }).inputValue();
    expect(key).toMatch(/^pk_live_/);
    await page.getByRole('button', { name: 'Done' }).click();
    const keyRow = page.getByRole('table', { name: 'API keys' }).getByRole('row', { name: /CRM sync/ });
    await keyRow.getByText(key.slice(-4)).waitFor();
    expect(await page.content()).not.toContain(key);

    await consoleLink(page, 'Mobile SDK').click();
    await page.getByRole('button', { name: 'Create channel' }).first().click();
    await page.getByRole('button', { name: 'Upload APNs credentials' }).click();
    const apns = createTestApnsKey('production', 'com.example.shop');
    const apnsForm = page.getByRole('form', { name: 'APNs credentials' });
    await apnsForm.getByLabel('Team ID').fill(apns.body.team_id);
    await apnsForm.getByLabel('Key ID').fill(apns.body.key_id);
    await apnsForm.getByLabel('Bundle ID').fill(apns.body.bundle_id);
    await apnsForm.getByLabel('…or paste it').fill(apns.body.private_key);
    await apnsForm.getByRole('button', { name: 'Save APNs credentials' }).click();
    await page.locator('[data-fingerprint="apns"]').waitFor();
    await page.getByRole('button', { name: 'Upload FCM credentials' }).click();
    const account = createTestServiceAccount('shop-app');
    await page.getByLabel('Service-account JSON file').setInputFiles({ name: 'service-account.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(account.json)) });
    await page.getByRole('button', { name: 'Save FCM credentials' }).click();
    for (const platformName of ['apns', 'fcm']) expect(await page.locator(`[data-fingerprint="${platformName}"]`).textContent()).toMatch(/^[0-9a-f]{16}$/);
    await page.getByText(`client_email: ${account.clientEmail}`).waitFor();
    const content = await page.content();
    expect(content).not.toContain(apns.body.private_key.split('\n')[1]!);
    expect(content).not.toContain(account.json.private_key!.split('\n')[1]!);

    await consoleLink(page, 'Webhooks').click();
    const hookForm = page.getByRole('form', { name: 'Add an endpoint' });
    await hookForm.getByLabel('URL').fill('https://hooks.example.com/parley');
    await hookForm.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('link', { name: 'https://hooks.example.com/parley' }).click();
    await page.getByRole('heading', { name: 'Delivery log' }).waitFor();
    expect(await page.content()).not.toContain(secret);
  });
});
