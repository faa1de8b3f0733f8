import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { consoleApi } from '../api/console-api';
import { formatDateTime } from '../lib/format';
import { DangerButton } from '../ui/confirm-button';
import { Field, FormError, useSubmit } from '../ui/form';
import { SubmitRow } from '../ui/form-actions';
import { ResourceTable } from '../ui/table';
import { toast } from '../ui/toast';
import { useResource } from '../ui/use-resource';

/** The text of the file chosen in a `FileOrPaste` (the service-account JSON, the .p8 key), or else what was pasted. */
async function fileOrText(form: FormData, name: string): Promise<string> {
  const file = form.get(`${name}_file`);
  if (file instanceof File && file.size > 0) return file.text();
  return String(form.get(name) ?? '').trim();
}

/** A secret as a file (`<name>_file`) or pasted (`<name>`): downloads are files, but a copied key should work too. */
function FileOrPaste(props: { name: string; fileLabel: string; pasteLabel: string; accept: string; hint?: string }) {
  return (
    <>
      <Field label={props.fileLabel} hint={props.hint}>
        <input name={`${props.name}_file`} type="file" accept={props.accept} />
      </Field>
      <Field label={props.pasteLabel}>
        <textarea name={props.name} rows={4} class="mono" />
      </Field>
    </>
  );
}

/** One platform's upload form: the error, its fields, the save button. */
function CredentialsForm(props: { label: string; save: string; submit: ReturnType<typeof useSubmit>; children: ComponentChildren }) {
  return (
    <form class="panel stack" onSubmit={props.submit.onSubmit} aria-label={props.label}>
      <FormError error={props.submit.error} />
      {props.children}
      <SubmitRow label={props.save} busy={props.submit.busy} />
    </form>
  );
}

/**
 * A mobile channel's FCM and APNs credentials: upload (file or paste), see the fingerprint and
 * identifiers, remove. The secret goes to the server once and is never shown again.
 */
export function PushCredentials({ channelId }: { channelId: string }) {
  const creds = useResource(() => consoleApi.push.list(channelId), [channelId]);
  const [form, setForm] = useState<'fcm' | 'apns' | null>(null);
  const fcm = useSubmit(async (data) => {
    const serviceAccount = await fileOrText(data, 'service_account');
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
      private_key: await fileOrText(data, 'private_key'),
    });
    toast('APNs credentials saved');
    setForm((open) => (open === 'apns' ? null : open));
    creds.reload();
  });
  return (
    <div class="stack">
      <ResourceTable resource={creds} rows={(d) => d.credentials} emptyTitle="No push credentials" emptyHint="Without them the app's users get no notifications while the app is closed." label="Push credentials" columns={['Platform', 'Fingerprint', 'Identifiers', 'Updated']} actions>
        {(c) => (
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
              <DangerButton verb="Remove" thing="credentials" onConfirm={async () => (await consoleApi.push.remove(channelId, c.platform), creds.reload())}>
                Remove the {c.platform.toUpperCase()} credentials? Pushes to those devices stop.
              </DangerButton>
            </td>
          </tr>
        )}
      </ResourceTable>
      <div class="row-actions">
        <button type="button" class="btn btn-small" aria-expanded={form === 'fcm'} onClick={() => setForm(form === 'fcm' ? null : 'fcm')}>
          Upload FCM credentials
        </button>
        <button type="button" class="btn btn-small" aria-expanded={form === 'apns'} onClick={() => setForm(form === 'apns' ? null : 'apns')}>
          Upload APNs credentials
        </button>
      </div>
      {form === 'fcm' && (
        <CredentialsForm label="FCM credentials" save="Save FCM credentials" submit={fcm}>
          <FileOrPaste
            name="service_account"
            fileLabel="Service-account JSON file"
            hint="Firebase console → Project settings → Service accounts → Generate new private key."
            pasteLabel="…or paste its contents"
            accept="application/json,.json"
          />
        </CredentialsForm>
      )}
      {form === 'apns' && (
        <CredentialsForm label="APNs credentials" save="Save APNs credentials" submit={apns}>
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
          <FileOrPaste name="private_key" fileLabel="Auth key (.p8 file)" pasteLabel="…or paste it (the whole PEM block)" accept=".p8" />
        </CredentialsForm>
      )}
    </div>
  );
}
