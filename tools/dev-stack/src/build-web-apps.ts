import { buildChatWidget } from '@parley/chat-widget';
import { buildInboxWeb } from '@parley/inbox-web';

/**
 * The browser apps are bundled (esbuild, well under a second each) before the services start,
 * so a fresh clone serves the current widget and inbox without a separate build step.
 */
export async function buildWebApps(log: (line: string) => void): Promise<void> {
  const began = performance.now();
  await Promise.all([buildChatWidget(), buildInboxWeb()]);
  log(`built the widget and the inbox (${Math.round(performance.now() - began)} ms)`);
}
