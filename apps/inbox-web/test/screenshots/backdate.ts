import { Client } from 'pg';
import { TEST_SERVER_URL, urlForDatabase, withAdminClient } from '@parley/testing';

/**
 * The platform's database (startPlatform makes one per run): found by the demo organization it
 * holds. Only the screenshot script uses this, to give the charts a few weeks of history.
 */
async function platformDatabase(orgId: string): Promise<string> {
  const names = await withAdminClient(async (c) => (await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'parley_e2e_%'")).rows.map((r) => r.datname));
  for (const name of names) {
    const found = await withDatabase(name, async (c) => (await c.query('SELECT 1 FROM organizations WHERE id = $1', [orgId])).rowCount).catch(() => 0);
    if (found) return name;
  }
  throw new Error(`no database holds organization ${orgId} (server ${TEST_SERVER_URL})`);
}

async function withDatabase<T>(name: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: urlForDatabase(name) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Moves a conversation `days` back in time, and its agent messages `delayMinutes` later than
 * they were sent, so the first-response chart has waits to show.
 */
export async function backdate(orgId: string, moves: { conversationId: string; days: number; delayMinutes: number }[]): Promise<void> {
  const database = await platformDatabase(orgId);
  await withDatabase(database, async (c) => {
    for (const { conversationId: id, days, delayMinutes } of moves) {
      const shift = `${days} days`;
      await c.query(`UPDATE messages SET created_at = created_at - $2::interval + CASE WHEN sender_type = 'agent' THEN $3::interval ELSE interval '0' END WHERE conversation_id = $1`, [id, shift, `${delayMinutes} minutes`]);
      await c.query(
        `UPDATE conversation_sessions SET created_at = created_at - $2::interval, updated_at = updated_at - $2::interval, first_message_at = first_message_at - $2::interval,
           assigned_at = assigned_at - $2::interval + $3::interval, resolved_at = resolved_at - $2::interval + $3::interval + interval '10 minutes' WHERE conversation_id = $1`,
        [id, shift, `${delayMinutes} minutes`],
      );
      await c.query(`UPDATE conversations SET created_at = created_at - $2::interval, updated_at = updated_at - $2::interval, last_message_at = last_message_at - $2::interval WHERE id = $1`, [id, shift]);
    }
  });
}
