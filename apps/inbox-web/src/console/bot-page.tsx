import { consoleApi } from '../api/console-api';
import type { BotView } from '../api/types';
import { Field, FormError, lines, useSubmit } from '../ui/form';
import { SubmitRow } from '../ui/form-actions';
import { ResourceView } from '../ui/resource-view';
import { toast } from '../ui/toast';
import { useResource } from '../ui/use-resource';
import { KnowledgePanel } from './knowledge-panel';
import { Breadcrumb, PageHeader } from './page-header';

const num = (form: FormData, name: string) => {
  const raw = String(form.get(name) ?? '').trim();
  return raw === '' ? undefined : Number(raw);
};
const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(typeof v === 'number' && Number.isNaN(v))));

/** The PATCH body from the form: only what the server accepts, numbers as numbers. */
function patchFrom(form: FormData): Record<string, unknown> {
  const key = String(form.get('provider_api_key') ?? '').trim();
  return {
    name: String(form.get('name') ?? '').trim(),
    greeting: String(form.get('greeting') ?? ''),
    prompt: String(form.get('prompt') ?? ''),
    provider: String(form.get('provider')),
    provider_settings: compact({
      base_url: String(form.get('base_url') ?? '').trim() || undefined,
      model: String(form.get('model') ?? '').trim() || undefined,
      temperature: num(form, 'temperature'),
      max_tokens: num(form, 'max_tokens'),
      timeout_ms: num(form, 'timeout_ms'),
      history_limit: num(form, 'history_limit'),
    }),
    allowed_origins: lines(form.get('allowed_origins')),
    budget: compact({ burst: num(form, 'burst'), refill_per_min: num(form, 'refill_per_min'), daily_cap: num(form, 'daily_cap') }),
    theme: { color: String(form.get('color') ?? '#2457c5') },
    lead_capture: {
      when: String(form.get('lead_when') ?? 'handoff'),
      fields: ['email', ...(form.get('lead_name') ? ['name'] : []), ...(form.get('lead_phone') ? ['phone'] : [])],
    },
    ...(form.get('remove_key') ? { provider_api_key: null } : key ? { provider_api_key: key } : {}),
  };
}

function BotForm({ bot, onSaved }: { bot: BotView; onSaved: (b: BotView) => void }) {
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    onSaved(await consoleApi.bots.update(bot.id, patchFrom(form)));
    toast('Bot saved');
  });
  const s = bot.provider_settings;
  return (
    <form class="stack form-sections" onSubmit={onSubmit} key={bot.updated_at}>
      <FormError error={error} />
      <fieldset>
        <legend>Greeting</legend>
        <Field label="Name">
          <input name="name" defaultValue={bot.name} required maxLength={100} />
        </Field>
        <Field label="Greeting" hint="Shown when a visitor opens the chat.">
          <textarea name="greeting" rows={2} maxLength={1000} defaultValue={bot.greeting} />
        </Field>
      </fieldset>
      <fieldset>
        <legend>Answers</legend>
        <Field label="Answers from">
          <select name="provider" defaultValue={bot.provider}>
            <option value="knowledge">Knowledge articles (built in, no LLM)</option>
            <option value="openai">An OpenAI-compatible LLM</option>
          </select>
        </Field>
        <Field label="Prompt" hint="Instructions for the LLM: tone, what to answer, when to hand over to a person.">
          <textarea name="prompt" rows={4} maxLength={20000} defaultValue={bot.prompt} />
        </Field>
        <div class="grid-3">
          <Field label="LLM base URL">
            <input name="base_url" type="url" defaultValue={s.base_url ?? ''} placeholder="https://api.openai.com/v1" />
          </Field>
          <Field label="Model">
            <input name="model" defaultValue={s.model ?? ''} />
          </Field>
          <Field label="Temperature (0–2)">
            <input name="temperature" type="number" step="0.1" min="0" max="2" defaultValue={s.temperature?.toString() ?? ''} />
          </Field>
          <Field label="Max tokens">
            <input name="max_tokens" type="number" min="1" defaultValue={s.max_tokens?.toString() ?? ''} />
          </Field>
          <Field label="Timeout (ms)">
            <input name="timeout_ms" type="number" min="50" max="300000" defaultValue={s.timeout_ms?.toString() ?? ''} />
          </Field>
          <Field label="Messages of history sent">
            <input name="history_limit" type="number" min="0" max="50" defaultValue={s.history_limit?.toString() ?? ''} />
          </Field>
        </div>
        <Field label={bot.provider_api_key_set ? 'Provider API key (a key is stored; type a new one to replace it)' : 'Provider API key'} hint="Stored encrypted; never shown again.">
          <input name="provider_api_key" type="password" autocomplete="off" maxLength={1000} />
        </Field>
        {bot.provider_api_key_set && (
          <label class="check">
            <input type="checkbox" name="remove_key" /> Remove the stored key
          </label>
        )}
      </fieldset>
      <fieldset>
        <legend>Allowed sites</legend>
        <Field label="Origins allowed to embed this bot without a token (one per line)" hint="Exactly what the browser sends, e.g. https://shop.example.com. Embed tokens have their own lists.">
          <textarea name="allowed_origins" rows={3} defaultValue={bot.allowed_origins.join('\n')} />
        </Field>
      </fieldset>
      <fieldset>
        <legend>Widget</legend>
        <Field label="Accent colour" hint="Header, launcher and the visitor's messages; text on it is black or white, whichever reads better.">
          <input name="color" type="color" defaultValue={bot.theme.color ?? '#2457c5'} />
        </Field>
        <Field label="Ask for contact details">
          <select name="lead_when" defaultValue={bot.lead_capture.enabled === false ? 'never' : (bot.lead_capture.when ?? 'handoff')}>
            <option value="handoff">When the bot hands over to a person</option>
            <option value="first_message">After the visitor's first message</option>
            <option value="never">Never</option>
          </select>
        </Field>
        <label class="check">
          <input type="checkbox" name="lead_name" defaultChecked={(bot.lead_capture.fields ?? ['email', 'name']).includes('name')} /> Ask for a name
        </label>
        <label class="check">
          <input type="checkbox" name="lead_phone" defaultChecked={(bot.lead_capture.fields ?? []).includes('phone')} /> Ask for a phone number
        </label>
      </fieldset>
      <fieldset>
        <legend>Budget per conversation</legend>
        <div class="grid-3">
          <Field label="Burst (messages at once)">
            <input name="burst" type="number" min="1" max="1000" defaultValue={String(bot.budget.burst)} />
          </Field>
          <Field label="Refill per minute">
            <input name="refill_per_min" type="number" min="0" max="1000" defaultValue={String(bot.budget.refill_per_min)} />
          </Field>
          <Field label="Daily cap">
            <input name="daily_cap" type="number" min="1" max="100000" defaultValue={String(bot.budget.daily_cap)} />
          </Field>
        </div>
      </fieldset>
      <SubmitRow label="Save bot" busyLabel="Saving…" busy={busy} />
    </form>
  );
}

export function BotPage({ id }: { id: string }) {
  const bot = useResource(() => consoleApi.bots.get(id), [id]);
  return (
    <section class="page" aria-labelledby="bot-title">
      <Breadcrumb href="/console/bots" label="Bots" />
      <ResourceView resource={bot} loadingLabel="Loading bot…">
        {(b) => (
          <>
            <PageHeader id="bot-title" title={b.name} />
            <div class="two-columns">
              <BotForm bot={b} onSaved={(saved) => bot.set(() => saved)} />
              <KnowledgePanel botId={b.id} />
            </div>
          </>
        )}
      </ResourceView>
    </section>
  );
}
