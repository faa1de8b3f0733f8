export * from './prisma-client';
export * from './tenant';
export * from './prisma-errors';
export * from './db-plugin';
export * from './repositories';
export { Prisma } from './generated/prisma/client';
export * as DbEnums from './generated/prisma/enums';
export * from './message-views';
