import { useState } from 'preact/hooks';
import { consoleApi } from '../api/console-api';
import type { CreatedEmbedToken } from '../api/types';
import { formatDateTime } from '../lib/format';
import { DangerButton } from '../ui/confirm-button';
import { CopyButton, OnceSecret } from '../ui/copy-button';
import { CreatedPanel } from '../ui/created-panel';
import { Field, FormError, lines, Options, useSubmit } from '../ui/form';
import { SubmitRow } from '../ui/form-actions';
import { ResourceTable } from '../ui/table';
import { useResource } from '../ui/use-resource';
import { PageHeader, StatusChip } from './page-header';

/** The loader tag to paste before `</body>`: this deployment's address and the new token. */
export const embedSnippet = (token: string, origin = location.origin) =>
  `<script src="${origin}/chat-widget/embed.js" data-embed-token="${token}"></script>`;

function Created({ token, onDone }: { token: CreatedEmbedToken; onDone: () => void }) {
  const snippet = embedSnippet(token.token);
  return (
    <CreatedPanel id="created-title" title={<>Embed token “{token.name}” created</>} onDone={onDone} actions={<CopyButton text={snippet} label="Copy snippet" />} data-created-token>
      <OnceSecret label="Embed token" value={token.token} note="Copy the token or the snippet now: the token is shown only this once." />
      <label class="field">
        <span>Paste this just before &lt;/body&gt; on your site</span>
        <textarea class="mono snippet" readOnly rows={3} value={snippet} aria-label="Embed snippet" onFocus={(e) => e.currentTarget.select()} />
      </label>
    </CreatedPanel>
  );
}

/** Integration → Web Chat: embed tokens connect a site to a bot (create shows the token once). */
export function WebChatPage() {
  const tokens = useResource(() => consoleApi.embedTokens.list(), []);
  const bots = useResource(() => consoleApi.bots.list(), []);
  const [created, setCreated] = useState<CreatedEmbedToken | null>(null);
  const { busy, error, onSubmit } = useSubmit(async (form, el) => {
    const origins = lines(form.get('allowed_origins'));
    const token = await consoleApi.embedTokens.create({ bot_id: String(form.get('bot_id')), name: String(form.get('name') ?? '').trim(), allowed_origins: origins });
    setCreated(token);
    el.reset();
    tokens.reload();
  });
  return (
    <section class="page" aria-labelledby="webchat-title">
      <PageHeader id="webchat-title" title="Web Chat" lead="Put the chat on your website: create an embed token, paste the snippet." />
      {created && <Created token={created} onDone={() => setCreated(null)} />}
      <form id="embed-token-form" class="panel stack" onSubmit={onSubmit} aria-labelledby="new-token-title">
        <h2 id="new-token-title">Create an embed token</h2>
        <FormError error={error} />
        <div class="grid-2">
          <Field label="Bot">
            <select name="bot_id" required>
              <Options items={bots.data?.bots ?? []} />
            </select>
          </Field>
          <Field label="Name" hint="To tell your tokens apart, e.g. the site's name.">
            <input name="name" required maxLength={100} />
          </Field>
        </div>
        <Field label="Allowed origins (one per line)" hint="e.g. https://shop.example.com. Leave empty to allow any site: for local development only.">
          <textarea name="allowed_origins" rows={3} />
        </Field>
        <SubmitRow label="Create token" busy={busy} disabled={!bots.data?.bots.length} />
      </form>
      <ResourceTable resource={tokens} rows={(d) => d.embed_tokens} emptyTitle="No embed tokens yet" label="Embed tokens" columns={['Name', 'Token', 'Bot', 'Allowed origins', 'Last used', 'Status']} actions>
        {(t) => (
          <tr key={t.id} data-token-prefix={t.prefix}>
            <th scope="row">{t.name}</th>
            <td>
              <code>{t.prefix}…</code>
            </td>
            <td>{t.bot_name}</td>
            <td>{t.any_origin ? <span class="chip chip-warn">Any origin (development only)</span> : t.allowed_origins.join(', ')}</td>
            <td>{formatDateTime(t.last_used_at)}</td>
            <td>
              <StatusChip revoked={t.revoked_at !== null} />
            </td>
            <td>
              {!t.revoked_at && (
                <DangerButton verb="Revoke" thing="embed token" onConfirm={async () => (await consoleApi.embedTokens.revoke(t.id), tokens.reload())}>
                  Revoke “{t.name}”? Pages using it stop loading the chat.
                </DangerButton>
              )}
            </td>
          </tr>
        )}
      </ResourceTable>
    </section>
  );
}
