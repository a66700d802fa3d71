import path from 'node:path';
import type { Config } from '../../config.ts';
import type { Store } from '../../platform/db/database.ts';
import { openBackupStore } from './backup.service.ts';
import { describeStore } from './snapshot-writer.ts';
import { readPage } from './snapshot.repository.ts';

/** Test-only helpers for the backup tests: real data, and a table-by-table dump to compare stores. */

export const SHARED = path.resolve(import.meta.dirname, '../../../../../../shared/data');

export const ZEEK_CONN = 'stratosphere-labelled-zeek/002-zeek-scenario-port-scanning/conn.log';
const T0 = Date.parse('2026-11-01T10:00:00Z');
export const doorForced = (device: string, minutes: number) => ({
  device_id: device,
  metric: 'door',
  state: 'forced',
  value: 1,
  ts: new Date(T0 + minutes * 60_000).toISOString(),
});

export type TableDump = Record<string, unknown[][]>;

/** Every row of every table, in key order, read through the backup's own generic access. */
export async function dumpStore(store: Store): Promise<TableDump> {
  const dump: TableDump = {};
  for (const shape of await describeStore(store.db, store.kind)) {
    const rows: unknown[][] = [];
    let after: unknown[] | null = null;
    for (;;) {
      const page = await readPage(store.db, shape, after, rows.length, 1000);
      rows.push(...page);
      const last = page[page.length - 1];
      if (page.length < 1000 || last === undefined) break;
      after = shape.primaryKey.map((c) => last[shape.columns.indexOf(c)]);
    }
    dump[shape.name] = rows;
  }
  return dump;
}

export async function withStore<T>(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const store = openBackupStore(config, false);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
