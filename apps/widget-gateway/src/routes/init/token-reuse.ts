import type { SignedWidgetToken, WidgetTokenService, WidgetTokenSubject } from '@parley/security';

export interface TokenReuseOptions {
  /** A token signed less than this long ago is handed out again for the same subject. */
  reuseMs: number;
  maxEntries: number;
  now?: () => number;
}

/**
 * Widget tokens for returning visitors, reused for a few minutes. A visitor reloads the widget on
 * every page view; each reload used to sign a fresh HS256 token for exactly the same claims.
 * Handing back the one signed minutes ago changes nothing for the client (it still gets at least
 * `ttl - reuseMs` of validity, and `expires_in` says how much), and nothing reads a widget
 * token's `jti` (no replay list): it is the same grant. Keyed by every claim, so a token is only
 * ever reused for the same visitor, end user, conversation, bot, channel and preview flag.
 */
export class TokenReuse {
  private readonly entries = new Map<string, Promise<SignedWidgetToken>>();
  private readonly now: () => number;

  constructor(
    private readonly tokens: WidgetTokenService,
    private readonly opts: TokenReuseOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  async sign(subject: WidgetTokenSubject): Promise<SignedWidgetToken> {
    const key = [subject.orgId, subject.botId, subject.conversationId, subject.visitorId, subject.channelId, subject.endUserId, subject.preview ? 1 : 0].join('\u0000');
    const kept = this.entries.get(key);
    if (kept) {
      const signed = await kept.catch(() => undefined);
      const left = signed ? signed.expiresAt.getTime() - this.now() : 0;
      if (signed && left > signed.expiresIn * 1000 - this.opts.reuseMs) return { ...signed, expiresIn: Math.floor(left / 1000) };
      if (this.entries.get(key) === kept) this.entries.delete(key);
    }
    const signing = this.tokens.sign(subject);
    this.entries.set(key, signing);
    signing.catch(() => this.entries.get(key) === signing && this.entries.delete(key));
    // Oldest first (Map order): a flood of distinct visitors costs at most maxEntries tokens.
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.opts.maxEntries) break;
      this.entries.delete(oldest);
    }
    return signing;
  }
}
