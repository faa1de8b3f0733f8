// When the widget asks for contact details. The bot's `lead_capture` JSON is free-form (set by
// admins); this is the widget's reading of it. Pure: unit-tested in Node.

export type LeadTrigger = 'handoff' | 'first_message';

export interface LeadSettings {
  /** Off only when an admin says `enabled: false` or `when: "never"`. */
  enabled: boolean;
  /**
   * `handoff` (default): when the bot hands the conversation to a person (it had no answer), so
   * the team can follow up even after the visitor leaves. `first_message`: right after the
   * visitor's first message, as many sales chats do.
   */
  when: LeadTrigger;
  /** E-mail is always asked; name and phone as configured (`fields`), name by default. */
  askName: boolean;
  askPhone: boolean;
}

export function leadSettings(raw: unknown): LeadSettings {
  const lc = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const fields = Array.isArray(lc.fields) ? lc.fields.filter((f): f is string => typeof f === 'string') : ['email', 'name'];
  return {
    enabled: lc.enabled !== false && lc.when !== 'never',
    when: lc.when === 'first_message' ? 'first_message' : 'handoff',
    askName: fields.includes('name'),
    askPhone: fields.includes('phone'),
  };
}

/** Ask now? Never twice, never a visitor the integrator already vouched for. */
export function shouldAskForLead(settings: LeadSettings, trigger: LeadTrigger, opts: { verified: boolean; alreadyAsked: boolean }): boolean {
  return settings.enabled && settings.when === trigger && !opts.verified && !opts.alreadyAsked;
}
