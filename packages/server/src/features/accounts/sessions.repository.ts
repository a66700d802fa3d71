import type { Queryable } from '../../platform/db/database.ts';
import type { SessionsTable } from '../../platform/db/schema.ts';
import type { PersonalFields } from './personal-fields.ts';

/** Inserts a session with `row.client_address` in plaintext; it is sealed here (a person's network address). */
export async function insertSession(db: Queryable, row: SessionsTable, fields: PersonalFields): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ ...row, client_address: fields.sealClientAddress(row.id_hash, row.client_address) })
    .execute();
}

/** A session as needed to authenticate a request; the (sealed) client address is not read on that hot path. */
export type SessionRow = Omit<SessionsTable, 'client_address'>;

export async function findSession(db: Queryable, idHash: string): Promise<SessionRow | undefined> {
  return db
    .selectFrom('sessions')
    .select(['id_hash', 'user_id', 'csrf_token', 'created_at', 'expires_at', 'last_seen_at'])
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
}

/** Seals client addresses stored in plaintext by an earlier version; returns how many. */
export async function sealPlaintextClientAddresses(db: Queryable, fields: PersonalFields): Promise<number> {
  const plain = (await db.selectFrom('sessions').select(['id_hash', 'client_address']).execute()).filter(
    (row) => !fields.isSealed(row.client_address),
  );
  for (const row of plain) {
    await db
      .updateTable('sessions')
      .set({ client_address: fields.sealClientAddress(row.id_hash, row.client_address) })
      .where('id_hash', '=', row.id_hash)
      .where('client_address', '=', row.client_address)
      .execute();
  }
  return plain.length;
}

export async function touchSession(db: Queryable, idHash: string, at: string, expiresAt: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: at, expires_at: expiresAt })
    .where('id_hash', '=', idHash)
    .execute();
}

export async function deleteSession(db: Queryable, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionsOfUser(db: Queryable, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Queryable, now: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
