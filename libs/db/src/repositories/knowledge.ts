import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';

export interface NewKnowledgeArticle {
  botId: string;
  title: string;
  body: string;
  tags?: string[];
}

const listed = { id: true, botId: true, title: true, body: true, tags: true, createdAt: true, updatedAt: true } as const;

export function knowledgeRepository(db: Db) {
  return {
    create(orgId: OrgId, input: NewKnowledgeArticle) {
      return db.knowledgeArticle.create({
        data: { organizationId: orgId, botId: input.botId, title: input.title, body: input.body, tags: input.tags ?? [] },
      });
    },
    /** Every article of a bot, oldest first: the bot indexes them in memory. */
    listForBot(orgId: OrgId, botId: string) {
      return db.knowledgeArticle.findMany({
        where: { organizationId: orgId, botId },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: listed,
      });
    },
    findById(orgId: OrgId, botId: string, id: string) {
      return db.knowledgeArticle.findFirst({ where: { id, botId, organizationId: orgId } });
    },
    /** Null when the bot has no such article in this organization. */
    async update(orgId: OrgId, botId: string, id: string, data: { title?: string; body?: string; tags?: string[] }) {
      const { count } = await db.knowledgeArticle.updateMany({ where: { id, botId, organizationId: orgId }, data });
      return count ? db.knowledgeArticle.findFirst({ where: { id, botId, organizationId: orgId } }) : null;
    },
    /** False when no article of this organization has that id. */
    async remove(orgId: OrgId, id: string): Promise<boolean> {
      const { count } = await db.knowledgeArticle.deleteMany({ where: { id, organizationId: orgId } });
      return count > 0;
    },
  };
}

export type KnowledgeRepository = ReturnType<typeof knowledgeRepository>;
export type KnowledgeArticleRow = Awaited<ReturnType<KnowledgeRepository['listForBot']>>[number];
