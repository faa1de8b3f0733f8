import type { Db } from '../prisma-client';
import { botRepository } from './bots';
import { channelRepository } from './channels';
import { conversationRepository } from './conversations';
import { endUserRepository } from './end-users';
import { messageRepository } from './messages';
import { organizationRepository } from './organizations';
import { userRepository } from './users';

export function createRepositories(db: Db) {
  return {
    organizations: organizationRepository(db),
    users: userRepository(db),
    bots: botRepository(db),
    channels: channelRepository(db),
    endUsers: endUserRepository(db),
    conversations: conversationRepository(db),
    messages: messageRepository(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;

export { normalizeEmail } from './users';
export type { NewMessage, AppendResult } from './messages';
export { organizationRepository } from './organizations';
