import { Migrator, type MigrationResult } from 'kysely';
import type { Store } from './database.ts';
import { MIGRATIONS } from './migrations/index.ts';

export interface MigrationReport {
  applied: string[];
  pending: string[];
}

/** Applies every pending migration in order; throws with the failing migration's name if one fails. */
export async function migrateToLatest(store: Store): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
  });
  const { error, results } = await migrator.migrateToLatest();
  const applied = (results ?? []).filter((r: MigrationResult) => r.status === 'Success').map((r) => r.migrationName);
  if (error) {
    const failed = (results ?? []).find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const known = await migrator.getMigrations();
  return { applied, pending: known.filter((m) => m.executedAt === undefined).map((m) => m.name) };
}
