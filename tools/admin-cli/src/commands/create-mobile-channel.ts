import { channelRepository, type Db } from '@parley/db';
import { resolveBot } from '../bot-ref';
import { defineCommand, requiredFlag, stringFlag } from '../command';
import { resolveOrg } from '../org-ref';
import { requireText } from '../validation';

export interface MobileChannelSummary {
  id: string;
  bot_id: string;
  name: string;
  push_preview_enabled: boolean;
  created: boolean;
}

/**
 * The reference gives each bot one mobile channel: running this again returns the existing one,
 * so provisioning scripts can call it unconditionally.
 */
export async function createMobileChannel(db: Db, input: { org: string; bot: string; name?: string }): Promise<MobileChannelSummary> {
  const org = await resolveOrg(db, input.org);
  const bot = await resolveBot(db, org.id, input.bot);
  const channels = channelRepository(db);
  const existing = await channels.findForBot(org.id, bot.id, 'mobile_sdk');
  const channel = existing ?? (await channels.create(org.id, { botId: bot.id, type: 'mobile_sdk', name: input.name ? requireText(input.name, 'name', 100) : `${bot.name} app` }))!;
  return { id: channel.id, bot_id: bot.id, name: channel.name, push_preview_enabled: channel.pushPreviewEnabled, created: !existing };
}

export const createMobileChannelCommand = defineCommand({
  name: 'create-mobile-channel',
  summary: "create a bot's mobile channel (one per bot; returns the existing one if there is)",
  usage: '--org <id|slug> --bot <id|name> [--name <name>]',
  flags: { org: { type: 'string' }, bot: { type: 'string' }, name: { type: 'string' } },
  async run(db, flags) {
    const channel = await createMobileChannel(db, { org: requiredFlag(flags, 'org', '<id|slug>'), bot: requiredFlag(flags, 'bot', '<id|name>'), name: stringFlag(flags, 'name') });
    return { json: { ...channel }, lines: [`${channel.created ? 'created' : 'exists:'} mobile channel ${channel.id} "${channel.name}" for bot ${channel.bot_id}`] };
  },
});
