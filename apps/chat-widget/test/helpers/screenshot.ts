// `npm run screenshot -w @parley/chat-widget`: the README's picture of the demo page with the
// widget open, taken from the real platform (as `npm start` runs it) in Chromium.
import path from 'node:path';
import { launchChromium, REPO_ROOT, startPlatform } from '@parley/testing';
import { agentApi, login } from './platform-clients';
import { WidgetPage } from './widget-page';

const OUT = path.join(REPO_ROOT, 'docs/screenshots/widget.png');

async function main(): Promise<void> {
  const platform = await startPlatform();
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 }, deviceScaleFactor: 1 });
    const w = await WidgetPage.open(context, platform.demoUrl, platform.edgeUrl);
    await w.openChat();
    const { conversation_id: id } = await w.waitForEvent('parley:ready');
    await w.send('Do you ship to Norway?');
    await w.messages('bot').first().waitFor();
    const agent = await login(platform, 'agent');
    await agentApi(platform, agent).assign(id as string);
    await agentApi(platform, agent).send(id as string, {
      content_type: 'quick_button',
      content: 'Hi, Demo Agent here. Would you like express delivery?',
      rich_media: { buttons: [{ label: 'Yes, express', value: 'express' }, { label: 'Standard is fine', value: 'standard' }] },
    });
    await w.log.getByRole('button', { name: 'Standard is fine' }).waitFor();
    // The agent's name is fetched after the message shows; wait for it so the picture is settled.
    await w.log.locator('.pw-name', { hasText: agent.displayName }).waitFor();
    await w.messageBox.fill('');
    await w.messageBox.blur();
    await w.page.screenshot({ path: OUT });
    process.stdout.write(`wrote ${path.relative(process.cwd(), OUT)}\n`);
  } finally {
    await browser.close();
    await platform.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
