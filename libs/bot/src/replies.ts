/** What the bot says when it does not answer itself. Fixed texts, so a retried job can recognize them. */
export const BotReplies = {
  /** Stored when a provider fails: the visitor is never left with nothing. */
  fallback: 'Sorry — I couldn’t answer just now. A teammate will follow up.',
  /** Stored when the knowledge base has nothing that matches well; the conversation goes to the human queue. */
  noMatch: 'I don’t know that one — a teammate will follow up.',
} as const;
