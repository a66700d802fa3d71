import type { Queryable } from '../../platform/db/database.ts';
import type { TaxiiFeedsTable } from '../../platform/db/schema.ts';
import type { SecretBox } from '../../platform/secret-box.ts';

/** What the peer's token is sealed with, bound to its feed so a sealed token cannot be moved to another feed. */
export const tokenContext = (feed: string) => `taxii_feeds.token:${feed}`;

/** Stores the feed with its token sealed (encryption at rest); reads return it sealed, `openFeedToken` opens it. */
export async function insertFeed(db: Queryable, feed: TaxiiFeedsTable, secrets: SecretBox): Promise<void> {
  const token = feed.token === null ? null : secrets.seal(feed.token, tokenContext(feed.name));
  await db
    .insertInto('taxii_feeds')
    .values({ ...feed, token })
    .execute();
}

export function openFeedToken(feed: Pick<TaxiiFeedsTable, 'name' | 'token'>, secrets: SecretBox): string | null {
  return feed.token === null ? null : secrets.open(feed.token, tokenContext(feed.name));
}

/**
 * Seals tokens stored in plaintext before encryption at rest existed; run at start, idempotent. Returns how many
 * it sealed.
 */
export async function sealPlaintextTokens(db: Queryable, secrets: SecretBox): Promise<number> {
  const plain = (
    await db.selectFrom('taxii_feeds').select(['name', 'token']).where('token', 'is not', null).execute()
  ).filter((f): f is { name: string; token: string } => f.token !== null && !secrets.isSealed(f.token));
  for (const feed of plain) {
    await db
      .updateTable('taxii_feeds')
      .set({ token: secrets.seal(feed.token, tokenContext(feed.name)) })
      .where('name', '=', feed.name)
      .where('token', '=', feed.token)
      .execute();
  }
  return plain.length;
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
