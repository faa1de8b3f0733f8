import { useState } from 'preact/hooks';
import type { WidgetController } from '../controller';
import { leadSettings } from '../lead-capture';

/** Asked when the bot hands over to the team (or as the bot's `lead_capture` says). */
export function LeadForm({ c }: { c: WidgetController }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const settings = leadSettings(c.session?.bot.lead_capture);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => String(data.get(name) ?? '').trim() || undefined;
    const email = field('email');
    if (!email) return setError('Please enter your e-mail address.');
    setBusy(true);
    const name = field('name');
    const phone = field('phone');
    setError(await c.submitLead({ email, ...(name ? { name } : {}), ...(phone ? { phone } : {}) }));
    setBusy(false);
  };
  return (
    <form class="pw-lead" data-sender="system" aria-label="Contact details" onSubmit={onSubmit}>
      <p>Leave your e-mail and the team will get back to you, even if you close this page.</p>
      <label>
        E-mail
        <input type="email" name="email" required autocomplete="email" maxLength={254} />
      </label>
      {settings.askName && (
        <label>
          Name
          <input name="name" autocomplete="name" maxLength={100} defaultValue={c.boot.customerName ?? undefined} />
        </label>
      )}
      {settings.askPhone && (
        <label>
          Phone
          <input type="tel" name="phone" autocomplete="tel" maxLength={32} />
        </label>
      )}
      {error && (
        <p class="pw-error" role="alert">
          {error}
        </p>
      )}
      <div class="pw-row">
        <button type="submit" class="pw-primary" disabled={busy}>
          Send details
        </button>
        <button type="button" class="pw-link" onClick={() => c.dismissLead()}>
          Not now
        </button>
      </div>
    </form>
  );
}
