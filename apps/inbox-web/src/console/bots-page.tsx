import { useState } from 'preact/hooks';
import { consoleApi } from '../api/console-api';
import { formatDateTime } from '../lib/format';
import { navigate, onLinkClick } from '../lib/router';
import { Dialog } from '../ui/dialog';
import { Field, FormError, useSubmit } from '../ui/form';
import { ResourceView } from '../ui/resource-view';
import { useResource } from '../ui/use-resource';
import { PageHeader } from './page-header';

function NewBotDialog({ onClose }: { onClose: () => void }) {
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    const bot = await consoleApi.bots.create({ name: String(form.get('name') ?? '').trim(), greeting: String(form.get('greeting') ?? '') });
    navigate(`/console/bots/${bot.id}`);
  });
  return (
    <Dialog title="New bot" onClose={onClose}>
      <form class="stack" onSubmit={onSubmit}>
        <FormError error={error} />
        <Field label="Name">
          <input name="name" required maxLength={100} autoFocus />
        </Field>
        <Field label="Greeting" hint="The first thing visitors read when they open the chat.">
          <textarea name="greeting" rows={2} maxLength={1000} />
        </Field>
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy}>
            Create bot
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Bots (the reference's "AI agents"): each answers on its channels from its knowledge or an LLM. */
export function BotsPage() {
  const bots = useResource(() => consoleApi.bots.list(), []);
  const [creating, setCreating] = useState(false);
  return (
    <section class="page" aria-labelledby="bots-title">
      <PageHeader id="bots-title" title="Bots" lead="Greeting, answers, allowed sites and message budget of each bot.">
        <button type="button" class="btn btn-primary" onClick={() => setCreating(true)}>
          New bot
        </button>
      </PageHeader>
      <ResourceView resource={bots} isEmpty={(d) => d.bots.length === 0} emptyTitle="No bots yet" emptyHint="Create one to put a chat on your site.">
        {({ bots: list }) => (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Answers from</th>
                <th scope="col">Allowed sites</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {list.map((b) => (
                <tr key={b.id}>
                  <th scope="row">
                    <a href={`/console/bots/${b.id}`} onClick={(e) => onLinkClick(e, `/console/bots/${b.id}`)}>
                      {b.name}
                    </a>
                  </th>
                  <td>{b.provider === 'knowledge' ? 'Knowledge articles' : `LLM (${b.provider_settings.model ?? 'no model set'})`}</td>
                  <td>{b.allowed_origins.length ? b.allowed_origins.join(', ') : <span class="muted">Embed tokens only</span>}</td>
                  <td>{formatDateTime(b.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ResourceView>
      {creating && <NewBotDialog onClose={() => setCreating(false)} />}
    </section>
  );
}
