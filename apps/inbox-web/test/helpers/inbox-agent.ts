import type { BrowserContext, Locator, Page } from 'playwright-core';

type Filter = 'unassigned' | 'mine' | 'all';

/**
 * An agent in the inbox, through what a person sees: labels, roles and the few data attributes
 * the inbox documents for tests (`data-conversation-id`, `data-sender`, `data-state`,
 * `data-typing`, `data-connection`).
 */
export class InboxAgent {
  private constructor(readonly page: Page) {}

  static async signIn(context: BrowserContext, edgeUrl: string, creds: { email: string; password: string }): Promise<InboxAgent> {
    const page = await context.newPage();
    await page.goto(`${edgeUrl}/`);
    await page.getByLabel('E-mail').fill(creds.email);
    await page.getByLabel('Password').fill(creds.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const agent = new InboxAgent(page);
    await agent.live();
    return agent;
  }

  /** Waits until the socket is connected (the "Live" status in the top bar). */
  async live(): Promise<void> {
    await this.page.locator('[data-connection="online"]').waitFor();
  }

  list(filter: Filter): Locator {
    return this.page.locator(`.conv-list[data-filter="${filter}"]`);
  }

  async showFilter(filter: Filter): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Conversation filters' }).getByRole('link', { name: new RegExp(`^${filter}`, 'i') }).click();
  }

  /** Row of a conversation in the given list. */
  row(filter: Filter, conversationId: string): Locator {
    return this.list(filter).locator(`.conv-row[data-conversation-id="${conversationId}"]`);
  }

  /** Ids of the rows a list shows now (empty when it shows its empty state). */
  async rowIds(filter: Filter): Promise<string[]> {
    await this.page.locator('.filters').waitFor();
    return this.page.locator(`.conv-list[data-filter="${filter}"] .conv-row`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-conversation-id')!));
  }

  /** The first row that shows up in `filter` and is not one of `known`: its conversation id. */
  async newRow(filter: Filter, known: string[]): Promise<string> {
    const selector = `.conv-list[data-filter="${filter}"] .conv-row${known.map((id) => `:not([data-conversation-id="${id}"])`).join('')}`;
    const row = this.page.locator(selector).first();
    await row.waitFor();
    return (await row.getAttribute('data-conversation-id'))!;
  }

  get conversation(): Locator {
    return this.page.locator('section.conversation');
  }

  messages(sender: 'visitor' | 'agent' | 'bot'): Locator {
    return this.conversation.locator(`[role="log"] [data-sender="${sender}"]`);
  }

  get composer(): Locator {
    return this.page.getByRole('textbox', { name: 'Message', exact: true });
  }

  typingIndicator(): Locator {
    return this.conversation.locator('[data-typing]');
  }

  async open(filter: Filter, conversationId: string): Promise<void> {
    await this.row(filter, conversationId).click();
    await this.page.locator(`section.conversation[data-conversation-id="${conversationId}"]`).waitFor();
  }

  async claim(): Promise<void> {
    await this.conversation.getByRole('button', { name: 'Claim' }).first().click();
    await this.page.locator('.conversation-state[data-status="assigned"]').waitFor();
  }

  async send(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.composer.press('Enter');
  }

  async resolve(tags: string): Promise<void> {
    await this.conversation.getByRole('button', { name: 'Resolve' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Resolve conversation' });
    await dialog.getByLabel('Tags').fill(tags);
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await this.page.locator('.conversation-state[data-status="resolved"]').waitFor();
  }

  /** Composes and sends quick buttons through the composer's rich message menu. */
  async sendQuickButtons(text: string, labels: string[]): Promise<void> {
    await this.page.getByRole('button', { name: /Rich message/ }).click();
    await this.page.getByRole('menuitem', { name: 'Quick buttons' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Send quick buttons' });
    await dialog.getByLabel('Text shown above').fill(text);
    for (const [i, label] of labels.entries()) {
      if (i >= 2) await dialog.getByRole('button', { name: 'Add' }).click();
      await dialog.getByLabel(`Button ${i + 1} label`).fill(label);
    }
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.waitFor({ state: 'detached' });
  }
}
