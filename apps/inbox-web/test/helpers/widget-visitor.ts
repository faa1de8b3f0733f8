import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';

export type Sender = 'visitor' | 'agent' | 'bot' | 'system';

/**
 * The visitor, driven through the widget exactly as a person would, and only through the
 * accessible contract the widget promises (docs/inbox.md, "Testing"): the host page's
 * `#parley-widget` with its launcher and `iframe[title="Chat"]`; inside it the message box, the
 * Send button, the `role="log"` message list with `data-sender` and `data-state`, and
 * `[data-typing]`. Nothing else of the widget's markup is relied on.
 */
export class WidgetVisitor {
  private constructor(
    readonly page: Page,
    readonly chat: FrameLocator,
  ) {}

  /** Opens `url` (a page with the embed snippet) in its own context and opens the chat. */
  static async open(context: BrowserContext, url: string): Promise<WidgetVisitor> {
    const page = await context.newPage();
    await page.goto(url);
    const visitor = new WidgetVisitor(page, page.frameLocator('iframe[title="Chat"]'));
    await page.locator('#parley-widget button[aria-label="Open chat"]').click();
    await visitor.messageBox.waitFor();
    return visitor;
  }

  get messageBox(): Locator {
    return this.chat.locator('textarea[aria-label="Message"]');
  }

  get log(): Locator {
    return this.chat.locator('[role="log"]');
  }

  /** Messages from one kind of sender, in order. */
  messages(sender: Sender): Locator {
    return this.log.locator(`[data-sender="${sender}"]`);
  }

  /** The visitor's own message with this text. */
  ownMessage(text: string): Locator {
    return this.messages('visitor').filter({ hasText: text });
  }

  typingIndicator(): Locator {
    return this.chat.locator('[data-typing]');
  }

  /** Types without sending (the agent should see "typing…"). */
  async type(text: string): Promise<void> {
    await this.messageBox.pressSequentially(text, { delay: 40 });
  }

  async send(text: string): Promise<void> {
    await this.messageBox.fill(text);
    await this.chat.locator('button[aria-label="Send"]').click();
  }

  /** A quick button (or any button in the log) by its label. */
  async clickChoice(label: string): Promise<void> {
    await this.log.getByRole('button', { name: label, exact: true }).click();
  }
}
