import { consoleApi } from '../api/console-api';
import type { BotView, ChannelView } from '../api/types';
import { CopyButton } from '../ui/copy-button';
import { ResourceView } from '../ui/resource-view';
import { toast, toastError } from '../ui/toast';
import { useResource } from '../ui/use-resource';
import { PageHeader } from './page-header';
import { PushCredentials } from './push-credentials';

function BotChannel({ bot, channel, onChange }: { bot: BotView; channel: ChannelView | undefined; onChange: () => void }) {
  const create = () =>
    consoleApi.channels.create({ bot_id: bot.id, type: 'mobile_sdk' }).then(
      () => (toast('Mobile channel created'), onChange()),
      toastError,
    );
  const togglePreview = (c: ChannelView) =>
    consoleApi.channels.update(c.id, { push_preview_enabled: !c.push_preview_enabled }).then(onChange, toastError);
  return (
    <section class="panel" aria-labelledby={`bot-${bot.id}`}>
      <h2 id={`bot-${bot.id}`}>{bot.name}</h2>
      {!channel ? (
        <p>
          No mobile channel yet.{' '}
          <button type="button" class="btn btn-small btn-primary" onClick={() => void create()}>
            Create channel
          </button>
        </p>
      ) : (
        <div class="stack">
          <p>
            Channel ID <code>{channel.id}</code> <CopyButton text={channel.id} label="Copy id" />
          </p>
          <label class="check">
            <input type="checkbox" checked={channel.push_preview_enabled} onChange={() => void togglePreview(channel)} /> Show the message text in notifications (off: “You have a new message”)
          </label>
          <PushCredentials channelId={channel.id} />
        </div>
      )}
    </section>
  );
}

/** Integration → Mobile SDK: one mobile channel per bot, with its push credentials. */
export function MobilePage() {
  const bots = useResource(() => consoleApi.bots.list(), []);
  const channels = useResource(() => consoleApi.channels.list({ type: 'mobile_sdk' }), []);
  return (
    <section class="page" aria-labelledby="mobile-title">
      <PageHeader id="mobile-title" title="Mobile SDK" lead="Apps connect over Socket.IO like the widget; pushes reach users while the app is closed." />
      <ResourceView resource={bots} isEmpty={(d) => d.bots.length === 0} emptyTitle="No bots yet" emptyHint="Create a bot first.">
        {({ bots: list }) => (
          <ResourceView resource={channels}>
            {({ channels: mobile }) => (
              <>
                {list.map((b) => (
                  <BotChannel key={b.id} bot={b} channel={mobile.find((c) => c.bot_id === b.id)} onChange={channels.reload} />
                ))}
              </>
            )}
          </ResourceView>
        )}
      </ResourceView>
    </section>
  );
}
