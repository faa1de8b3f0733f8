import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium, startPlatform, type RunningPlatform } from '@parley/testing';
import { login, type AgentSession } from './platform-clients';

export interface BrowserSuite {
  platform: RunningPlatform;
  browser: Browser;
  /** The demo agent, logged in through the API. */
  agent: AgentSession;
  /** A fresh browser context (a visitor of its own), closed after the test. */
  context(options?: Parameters<Browser['newContext']>[0]): Promise<BrowserContext>;
}

/**
 * One running platform and one Chromium for a whole test file (starting them takes most of the
 * file's time), with the demo agent logged in; every context a test opens is closed after it.
 * Read the fields inside tests: they are set in beforeAll.
 */
export function useBrowserSuite(): BrowserSuite {
  const contexts: BrowserContext[] = [];
  const suite = {
    async context(options: Parameters<Browser['newContext']>[0] = {}) {
      const c = await suite.browser.newContext(options);
      contexts.push(c);
      return c;
    },
  } as BrowserSuite;
  beforeAll(async () => {
    [suite.platform, suite.browser] = await Promise.all([startPlatform(), launchChromium()]);
    suite.agent = await login(suite.platform, 'agent');
  }, 240_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.platform?.stop();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  return suite;
}
