import type { Queryable, StoreKind } from '../../platform/db/database.ts';
import { VERSION } from '../../platform/version.ts';
import { encodeCell, SNAPSHOT_FORMAT, type SnapshotHeader } from './backup-format.ts';
import { countRows, describeTable, listTables, readPage, type TableShape } from './snapshot.repository.ts';

/** Kysely's bookkeeping: which migrations ran. A backup carries it so a restore knows the schema level. */
export const MIGRATION_TABLE = 'kysely_migration';
export const MIGRATION_LOCK_TABLE = 'kysely_migration_lock';

/** Rows per page read from the database and per chunk handed to the compressor. */
const PAGE_ROWS = 500;

/**
 * Tables ordered so that every table comes after the tables it references: restoring in file order then
 * satisfies PostgreSQL's immediate foreign-key checks. Ties (and any cycle, which SQLite tolerates through
 * deferred checks) go by name, so the order is stable from one backup to the next.
 */
export function dependencyOrder(shapes: readonly TableShape[]): TableShape[] {
  const byName = new Map(shapes.map((s) => [s.name, s]));
  const placed = new Set<string>();
  const ordered: TableShape[] = [];
  const remaining = [...shapes].sort((a, b) => a.name.localeCompare(b.name));
  while (remaining.length > 0) {
    const index = remaining.findIndex((s) =>
      s.references.every((r) => r === s.name || placed.has(r) || !byName.has(r)),
    );
    const [next] = remaining.splice(index === -1 ? 0 : index, 1);
    if (next === undefined) break;
    placed.add(next.name);
    ordered.push(next);
  }
  return ordered;
}

/** The shapes of every table in dependency order, as the database at hand has them. */
export async function describeStore(db: Queryable, kind: StoreKind): Promise<TableShape[]> {
  const shapes: TableShape[] = [];
  for (const name of await listTables(db, kind)) shapes.push(await describeTable(db, kind, name));
  return dependencyOrder(shapes);
}

/**
 * The snapshot as NDJSON, read inside the caller's snapshot transaction: a header with every table's row count
 * (counted in the same transaction, so they agree with the rows that follow), then each table's rows page by
 * page in key order. Memory holds one page at a time whatever the size of the store.
 */
export async function* snapshotLines(
  db: Queryable,
  kind: StoreKind,
  migrations: readonly string[],
  now: Date = new Date(),
): AsyncGenerator<Buffer> {
  const shapes = await describeStore(db, kind);
  const tables: SnapshotHeader['tables'] = [];
  for (const shape of shapes) {
    tables.push({
      name: shape.name,
      columns: shape.columns,
      orderedBy: shape.primaryKey,
      rows: await countRows(db, shape.name),
    });
  }
  const header: SnapshotHeader = {
    kind: 'citysoc-snapshot',
    format: SNAPSHOT_FORMAT,
    citysocVersion: VERSION,
    dialect: kind,
    migrations: [...migrations],
    createdAt: now.toISOString(),
    tables,
  };
  yield Buffer.from(`${JSON.stringify(header)}\n`, 'utf8');
  for (const shape of shapes) {
    yield Buffer.from(`${JSON.stringify({ table: shape.name })}\n`, 'utf8');
    let rows = 0;
    let after: unknown[] | null = null;
    for (;;) {
      const page = await readPage(db, shape, after, rows, PAGE_ROWS);
      if (page.length === 0) break;
      const lines = page.map((row) =>
        JSON.stringify(row.map((value, i) => encodeCell(value, `${shape.name}.${shape.columns[i] ?? '?'}`))),
      );
      yield Buffer.from(`${lines.join('\n')}\n`, 'utf8');
      rows += page.length;
      const last = page[page.length - 1] ?? [];
      after = shape.primaryKey.map((c) => last[shape.columns.indexOf(c)]);
      if (page.length < PAGE_ROWS) break;
    }
    yield Buffer.from(`${JSON.stringify({ tableEnd: shape.name, rows })}\n`, 'utf8');
  }
  yield Buffer.from(`${JSON.stringify({ end: true })}\n`, 'utf8');
}
