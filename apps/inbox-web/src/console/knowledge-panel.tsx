import { useState } from 'preact/hooks';
import { consoleApi } from '../api/console-api';
import type { ArticleView } from '../api/types';
import { DangerButton } from '../ui/confirm-button';
import { Field, useSubmit } from '../ui/form';
import { FormDialog } from '../ui/form-dialog';
import { ResourceView } from '../ui/resource-view';
import { useResource } from '../ui/use-resource';

function ArticleDialog({ botId, article, onClose, onSaved }: { botId: string; article: ArticleView | null; onClose: () => void; onSaved: () => void }) {
  const { busy, error, onSubmit } = useSubmit(async (form) => {
    const body = {
      title: String(form.get('title') ?? '').trim(),
      body: String(form.get('body') ?? ''),
      tags: String(form.get('tags') ?? '').split(',').map((t) => t.trim()).filter(Boolean),
    };
    if (article) await consoleApi.knowledge.update(botId, article.id, body);
    else await consoleApi.knowledge.create(botId, body);
    onSaved();
    onClose();
  });
  return (
    <FormDialog title={article ? 'Edit article' : 'New article'} onClose={onClose} wide onSubmit={onSubmit} error={error} label="Save article" busy={busy}>
      <Field label="Title">
        <input name="title" required maxLength={200} defaultValue={article?.title ?? ''} autoFocus />
      </Field>
      <Field label="Text" hint="What the bot may answer from. Plain text; up to 50,000 characters.">
        <textarea name="body" required rows={10} maxLength={50000} defaultValue={article?.body ?? ''} />
      </Field>
      <Field label="Tags (comma-separated)">
        <input name="tags" defaultValue={article?.tags.join(', ') ?? ''} />
      </Field>
    </FormDialog>
  );
}

/** The articles a knowledge bot answers from; the bot picks up changes by itself. */
export function KnowledgePanel({ botId }: { botId: string }) {
  const articles = useResource(() => consoleApi.knowledge.list(botId), [botId]);
  const [editing, setEditing] = useState<ArticleView | 'new' | null>(null);
  return (
    <section class="panel" aria-labelledby="knowledge-title">
      <header class="panel-header">
        <h2 id="knowledge-title">Knowledge articles</h2>
        <button type="button" class="btn btn-small" onClick={() => setEditing('new')}>
          Add article
        </button>
      </header>
      <ResourceView resource={articles} isEmpty={(d) => d.articles.length === 0} emptyTitle="No articles" emptyHint="Add what your bot should know: shipping, returns, opening hours.">
        {({ articles: list }) => (
          <ul class="article-list">
            {list.map((a) => (
              <li key={a.id}>
                <div>
                  <strong>{a.title}</strong>
                  <p class="muted clamp">{a.body}</p>
                </div>
                <div class="row-actions">
                  <button type="button" class="btn btn-small" onClick={() => setEditing(a)}>
                    Edit
                  </button>
                  <DangerButton verb="Delete" thing="article" onConfirm={async () => (await consoleApi.knowledge.remove(botId, a.id), articles.reload())}>
                    Delete “{a.title}”? The bot stops using it at once.
                  </DangerButton>
                </div>
              </li>
            ))}
          </ul>
        )}
      </ResourceView>
      {editing && <ArticleDialog botId={botId} article={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={articles.reload} />}
    </section>
  );
}
