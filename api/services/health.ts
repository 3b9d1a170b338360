import { sql } from 'drizzle-orm';
import type { Ctx } from './context';

/** Alive, and the database answers; a database that does not answer throws. */
export async function checkHealth({ db }: Pick<Ctx, 'db'>): Promise<{ status: 'ok'; database: 'ok' }> {
  await db.execute(sql`select 1`);
  return { status: 'ok', database: 'ok' };
}
