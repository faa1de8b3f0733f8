import { useState } from 'preact/hooks';
import { consoleApi } from '../api/console-api';
import { formatDateTime } from '../lib/format';
import { navigate } from '../lib/router';
import { Field, useSubmit } from '../ui/form';
import { FormDialog } from '../ui/form-dialog';
import { Link } from '../ui/link';
import { ResourceTable } from '../ui/table';
import { useResource } from '../ui/use-resource';
import { PageHeader } from './page-header';

function NewBotDialog({ onClose }: { onClose: () => void }) {
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    const bot = await consoleApi.bots.create({ name: String(form.get('name') ?? '').trim(), greeting: String(form.get('greeting') ?? '') });
    navigate(`/console/bots/${bot.id}`);
  });
  return (
    <FormDialog title="New bot" onClose={onClose} onSubmit={onSubmit} error={error} label="Create bot" busy={busy}>
      <Field label="Name">
        <input name="name" required maxLength={100} autoFocus />
      </Field>
      <Field label="Greeting" hint="The first thing visitors read when they open the chat.">
        <textarea name="greeting" rows={2} maxLength={1000} />
      </Field>
    </FormDialog>
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
      <ResourceTable resource={bots} rows={(d) => d.bots} emptyTitle="No bots yet" emptyHint="Create one to put a chat on your site." columns={['Name', 'Answers from', 'Allowed sites', 'Updated']}>
        {(b) => (
          <tr key={b.id}>
            <th scope="row">
              <Link href={`/console/bots/${b.id}`}>{b.name}</Link>
            </th>
            <td>{b.provider === 'knowledge' ? 'Knowledge articles' : `LLM (${b.provider_settings.model ?? 'no model set'})`}</td>
            <td>{b.allowed_origins.length ? b.allowed_origins.join(', ') : <span class="muted">Embed tokens only</span>}</td>
            <td>{formatDateTime(b.updated_at)}</td>
          </tr>
        )}
      </ResourceTable>
      {creating && <NewBotDialog onClose={() => setCreating(false)} />}
    </section>
  );
}
