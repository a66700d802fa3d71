import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServices } from '../../main.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds, type TestDatabase } from '../../testing/test-databases.ts';
import { createBackupService, verifyBackup } from './backup.service.ts';
import type { BackupSecret } from './backup-keys.ts';
import { doorForced, dumpStore, SHARED, withStore, ZEEK_CONN } from './backup-fixtures.ts';
import { replayFile } from '../ingest/index.ts';
import { setImmediate } from 'node:timers/promises';
import { describeStore } from './snapshot-writer.ts';

const KEY: BackupSecret = { kind: 'key-file', key: randomBytes(32) };

describe.each(testDatabaseKinds())('backup while ingest runs on $kind', (kind) => {
  let city: TestCity;
  let dir: string;
  let target: TestDatabase | null = null;
  beforeEach(async () => {
    city = await createTestCity(kind);
    // Enough stored events that reading the snapshot takes a while, so writes land while it is open.
    for await (const batch of replayFile(path.join(SHARED, ZEEK_CONN), 500)) {
      await city.services.ingest.ingest(
        { channel: 'file', departmentId: 'energy', format: batch.format },
        batch.records,
      );
    }
    dir = mkdtempSync(path.join(tmpdir(), 'citysoc-backup-'));
  });
  afterEach(async () => {
    await city.dispose();
    await target?.drop();
    target = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes a consistent snapshot while events, alerts and audited changes keep committing', async () => {
    const { services } = city;
    let running = true;
    const commits: number[] = [];
    let round = 0;
    // The server's side: ingest, detection (alerts follow their events), grouping, and audited changes.
    const writer = (async () => {
      while (running) {
        round++;
        const records = Array.from({ length: 10 }, (_, i) => JSON.stringify(doorForced(`DOOR-${round}-${i}`, round)));
        await services.ingest.ingest({ channel: 'mqtt', departmentId: 'water', format: 'ndjson' }, records);
        await services.detection.catchUp();
        await services.grouping.catchUp();
        await services.departments.create(SYSTEM_PRINCIPAL, { id: `d-${round}`, name: `D ${round}`, description: '' });
        commits.push(performance.now());
        // On SQLite every await above can resolve without I/O; a server yields between requests.
        await setImmediate();
      }
    })();
    await expect.poll(() => round, { timeout: 30_000 }).toBeGreaterThan(3);

    const file = path.join(dir, 'live.backup');
    const started = performance.now();
    // Its own connection, as `citysoc backup create` beside a running server has.
    const made = await withStore(services.config, (store) => createBackupService({ store }).create(file, KEY));
    const ended = performance.now();
    running = false;
    await writer;

    // The server went on committing while the snapshot was read: the snapshot never blocked it...
    expect(commits.filter((t) => t > started && t < ended).length).toBeGreaterThan(0);
    // ...and the snapshot is one of the states that existed: it holds fewer rows than the end state.
    const after = await services.events.count(SYSTEM_PRINCIPAL);
    expect(made.tables.events).toBeLessThan(after);
    expect(made.tables.events ?? 0).toBeGreaterThan(0);
    expect((await verifyBackup(file, KEY)).tables).toEqual(made.tables);

    target = await kind.create();
    await withStore(target.config, (store) => createBackupService({ store }).restore(file, KEY));
    const restored = await openServices(target.config);
    try {
      // The chain's head matches the log: no half of an audited transaction made it into the snapshot.
      expect(await restored.audit.verify()).toMatchObject({ ok: true, firstBroken: null });
    } finally {
      await restored.close();
    }
    const tables = await withStore(target.config, dumpStore);
    const shapes = await withStore(target.config, (store) => describeStore(store.db, store.kind));
    const column = (table: string, name: string) => {
      const index = shapes.find((s) => s.name === table)?.columns.indexOf(name) ?? -1;
      return (tables[table] ?? []).map((row) => row[index]);
    };
    // Every department created is in the log, and every logged creation has its department.
    const created = column('audit_log', 'action').filter((a) => a === 'department.create').length;
    expect(tables.departments).toHaveLength(created);
    // Alerts come after their events; a snapshot cannot hold an alert without its event.
    const events = new Set(column('events', 'id'));
    const alertEvents = column('alerts', 'event_id');
    expect(alertEvents.length).toBeGreaterThan(0);
    for (const id of alertEvents) expect(events.has(id), String(id)).toBe(true);
  });
});
