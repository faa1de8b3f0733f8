import { channelRepository, type Db, type OrgId } from '@parley/db';
import { resolveBot } from './bot-ref';
import { CommandFailedError, UsageError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `--channel <id>` or `--bot <id|name>` (that bot's mobile channel): the channel push credentials go on. */
export async function resolveMobileChannel(db: Db, orgId: OrgId, ref: { channel?: string; bot?: string }): Promise<{ id: string; name: string }> {
  if (!ref.channel === !ref.bot) throw new UsageError('give --channel <id> or --bot <id|name> (its mobile channel)');
  const channels = channelRepository(db);
  if (ref.channel) {
    if (!UUID.test(ref.channel)) throw new UsageError(`invalid --channel "${ref.channel}": expected a channel id`);
    const channel = await channels.findById(orgId, ref.channel.toLowerCase());
    if (!channel) throw new CommandFailedError(`channel ${ref.channel} not found in this organization`);
    if (channel.type !== 'mobile_sdk') throw new CommandFailedError(`channel ${ref.channel} is a ${channel.type} channel: push credentials go on a mobile channel`);
    return { id: channel.id, name: channel.name };
  }
  const bot = await resolveBot(db, orgId, ref.bot!);
  const channel = await channels.findForBot(orgId, bot.id, 'mobile_sdk');
  if (!channel) throw new CommandFailedError(`bot "${bot.name}" has no mobile channel: run create-mobile-channel first`);
  return { id: channel.id, name: channel.name };
}
