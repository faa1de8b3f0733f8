// Driving the widget in Chromium through its accessible contract (docs/widget.md, "DOM
// contract"): the host page's #parley-widget, the launcher, the iframe, and inside it the
// composer, the role="log" list and the data-* attributes on messages.
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { eventually } from '@parley/testing';

// Callbacks passed to page.evaluate run in the browser; the Node tsconfig has no DOM types.
declare const window: any;
declare const document: any;

export interface HostEvent {
  type: string;
  [field: string]: unknown;
}

export class WidgetPage {
  readonly chat: FrameLocator;

  constructor(readonly page: Page) {
    this.chat = page.frameLocator('#parley-widget iframe[title="Chat"]');
  }

  /** A fresh page (its own storage: a new visitor unless the context is reused) on `url`. */
  static async open(context: BrowserContext, url: string, widgetOrigin: string): Promise<WidgetPage> {
    const page = await context.newPage();
    // What an integrator's page would do: listen for the widget's events, checking their origin.
    await page.addInitScript((origin: string) => {
      if (window.top !== window) return;
      window.__parleyEvents = [];
      window.addEventListener('message', (event: any) => {
        if (event.origin === origin && event.data && typeof event.data.type === 'string') window.__parleyEvents.push(event.data);
      });
    }, widgetOrigin);
    await page.goto(url);
    const widget = new WidgetPage(page);
    await widget.launcher.waitFor();
    return widget;
  }

  get launcher(): Locator {
    return this.page.locator('#parley-widget > button');
  }

  get frame(): Locator {
    return this.page.locator('#parley-widget iframe[title="Chat"][name="parley-chat"]');
  }

  get messageBox(): Locator {
    return this.chat.locator('textarea[aria-label="Message"]');
  }

  get log(): Locator {
    return this.chat.locator('[role="log"][aria-live="polite"]');
  }

  messages(sender?: 'visitor' | 'agent' | 'bot'): Locator {
    return this.log.locator(sender ? `[data-sender="${sender}"]` : '[data-sender]');
  }

  async openChat(): Promise<void> {
    await this.page.locator('#parley-widget button[aria-label="Open chat"]').click();
    await this.messageBox.waitFor();
  }

  async send(text: string): Promise<void> {
    await this.messageBox.fill(text);
    await this.chat.locator('button[aria-label="Send"]').click();
  }

  /** Events the host page received from the widget so far. */
  events(): Promise<HostEvent[]> {
    return this.page.evaluate(() => window.__parleyEvents ?? []);
  }

  async waitForEvent(type: string, where: (e: HostEvent) => boolean = () => true, timeoutMs = 15_000): Promise<HostEvent> {
    return eventually(
      async () => {
        const found = (await this.events()).find((e) => e.type === type && where(e));
        if (!found) throw new Error(`no ${type} event yet; got ${JSON.stringify(await this.events())}`);
        return found;
      },
      { timeoutMs, intervalMs: 50 },
    );
  }

  /** `[seq, text]` of every stored message, in order. */
  async storedMessages(): Promise<Array<[number, string]>> {
    return this.log
      .locator('[data-seq]')
      .evaluateAll((els: any[]) => els.map((el) => [Number(el.getAttribute('data-seq')), el.querySelector('.pw-bubble').textContent]));
  }

  /** The visitor id embed.js keeps in the host page's storage (reference: cw_sid_{token}). */
  storedVisitorId(embedToken: string): Promise<string | null> {
    return this.page.evaluate((key: string) => window.localStorage.getItem(key), `cw_sid_${embedToken}`);
  }

  /** True when the element has focus in its own document and that document has the page's focus. */
  static hasFocus(locator: Locator): Promise<boolean> {
    return locator.evaluate((el: any) => el.ownerDocument.activeElement === el && el.ownerDocument.hasFocus());
  }
}

/** Waits until `check` passes (browser effects are asynchronous); rethrows its last failure. */
export const until = <T>(check: () => Promise<T> | T, timeoutMs = 15_000) => eventually(check, { timeoutMs, intervalMs: 50 });
