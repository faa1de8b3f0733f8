import { useState } from 'preact/hooks';
import { consoleApi } from '../api/console-api';
import { formatDateTime } from '../lib/format';
import { ConfirmButton } from '../ui/confirm-button';
import { Field, FormError, useSubmit } from '../ui/form';
import { ResourceView } from '../ui/resource-view';
import { toast } from '../ui/toast';
import { useResource } from '../ui/use-resource';

/** The text of a chosen file (the service-account JSON, the .p8 key), or of the pasted field. */
async function fileOrText(form: FormData, fileField: string, textField: string): Promise<string> {
  const file = form.get(fileField);
  if (file instanceof File && file.size > 0) return file.text();
  return String(form.get(textField) ?? '').trim();
}

/**
 * A mobile channel's FCM and APNs credentials: upload (file or paste), see the fingerprint and
 * identifiers, remove. The secret goes to the server once and is never shown again.
 */
export function PushCredentials({ channelId }: { channelId: string }) {
  const creds = useResource(() => consoleApi.push.list(channelId), [channelId]);
  const [form, setForm] = useState<'fcm' | 'apns' | null>(null);
  const fcm = useSubmit(async (data) => {
    const serviceAccount = await fileOrText(data, 'service_account_file', 'service_account');
    await consoleApi.push.setFcm(channelId, { service_account: serviceAccount });
    toast('FCM credentials saved');
    setForm((open) => (open === 'fcm' ? null : open));
    creds.reload();
  });
  const apns = useSubmit(async (data) => {
    await consoleApi.push.setApns(channelId, {
      team_id: String(data.get('team_id') ?? '').trim(),
      key_id: String(data.get('key_id') ?? '').trim(),
      bundle_id: String(data.get('bundle_id') ?? '').trim(),
      environment: String(data.get('environment')),
      private_key: await fileOrText(data, 'private_key_file', 'private_key'),
    });
    toast('APNs credentials saved');
    setForm((open) => (open === 'apns' ? null : open));
    creds.reload();
  });
  return (
    <div class="stack">
      <ResourceView resource={creds} isEmpty={(d) => d.credentials.length === 0} emptyTitle="No push credentials" emptyHint="Without them the app's users get no notifications while the app is closed.">
        {({ credentials }) => (
          <table class="table" aria-label="Push credentials">
            <thead>
              <tr>
                <th scope="col">Platform</th>
                <th scope="col">Fingerprint</th>
                <th scope="col">Identifiers</th>
                <th scope="col">Updated</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {credentials.map((c) => (
                <tr key={c.platform}>
                  <th scope="row">
                    {c.platform === 'fcm' ? 'FCM (Android)' : `APNs (iOS, ${c.environment})`}
                    {c.deprecated && <span class="chip chip-warn">Legacy key: not used</span>}
                  </th>
                  <td>
                    <code data-fingerprint={c.platform}>{c.fingerprint}</code>
                  </td>
                  <td>
                    {Object.entries(c.details)
                      .map(([k, v]) => `${k}: ${v}`)
                      .join(', ')}
                  </td>
                  <td>{formatDateTime(c.updated_at)}</td>
                  <td>
                    <ConfirmButton label="Remove" title="Remove credentials" confirmLabel="Remove" danger onConfirm={async () => (await consoleApi.push.remove(channelId, c.platform), creds.reload())}>
                      Remove the {c.platform.toUpperCase()} credentials? Pushes to those devices stop.
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ResourceView>
      <div class="row-actions">
        <button type="button" class="btn btn-small" aria-expanded={form === 'fcm'} onClick={() => setForm(form === 'fcm' ? null : 'fcm')}>
          Upload FCM credentials
        </button>
        <button type="button" class="btn btn-small" aria-expanded={form === 'apns'} onClick={() => setForm(form === 'apns' ? null : 'apns')}>
          Upload APNs credentials
        </button>
      </div>
      {form === 'fcm' && (
        <form class="panel stack" onSubmit={fcm.onSubmit} aria-label="FCM credentials">
          <FormError error={fcm.error} />
          <Field label="Service-account JSON file" hint="Firebase console → Project settings → Service accounts → Generate new private key.">
            <input name="service_account_file" type="file" accept="application/json,.json" />
          </Field>
          <Field label="…or paste its contents">
            <textarea name="service_account" rows={4} class="mono" />
          </Field>
          <div>
            <button type="submit" class="btn btn-primary" disabled={fcm.busy}>
              Save FCM credentials
            </button>
          </div>
        </form>
      )}
      {form === 'apns' && (
        <form class="panel stack" onSubmit={apns.onSubmit} aria-label="APNs credentials">
          <FormError error={apns.error} />
          <div class="grid-3">
            <Field label="Team ID">
              <input name="team_id" required maxLength={32} />
            </Field>
            <Field label="Key ID">
              <input name="key_id" required maxLength={32} />
            </Field>
            <Field label="Bundle ID">
              <input name="bundle_id" required placeholder="com.example.app" />
            </Field>
          </div>
          <Field label="Environment">
            <select name="environment" defaultValue="production">
              <option value="production">production</option>
              <option value="sandbox">sandbox (development builds)</option>
            </select>
          </Field>
          <Field label="Auth key (.p8 file)">
            <input name="private_key_file" type="file" accept=".p8" />
          </Field>
          <Field label="…or paste it (the whole PEM block)">
            <textarea name="private_key" rows={4} class="mono" />
          </Field>
          <div>
            <button type="submit" class="btn btn-primary" disabled={apns.busy}>
              Save APNs credentials
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
