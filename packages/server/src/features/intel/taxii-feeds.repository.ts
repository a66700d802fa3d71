import type { Queryable } from '../../platform/db/database.ts';
import type { TaxiiFeedsTable } from '../../platform/db/schema.ts';

export async function insertFeed(db: Queryable, feed: TaxiiFeedsTable): Promise<void> {
  await db.insertInto('taxii_feeds').values(feed).execute();
}

export async function listFeeds(db: Queryable): Promise<TaxiiFeedsTable[]> {
  return db.selectFrom('taxii_feeds').selectAll().orderBy('name').execute();
}

export async function findFeed(db: Queryable, name: string): Promise<TaxiiFeedsTable | undefined> {
  return db.selectFrom('taxii_feeds').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function recordPoll(
  db: Queryable,
  name: string,
  result: { at: string; addedAfter: string | null; error: string | null },
): Promise<void> {
  await db
    .updateTable('taxii_feeds')
    .set({
      last_polled_at: result.at,
      last_error: result.error,
      ...(result.addedAfter !== null && { added_after: result.addedAfter }),
    })
    .where('name', '=', name)
    .execute();
}

export async function deleteFeed(db: Queryable, name: string): Promise<void> {
  await db.deleteFrom('taxii_feeds').where('name', '=', name).execute();
}
