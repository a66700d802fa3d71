import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConflictError, InputError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestCity, TEST_PASSWORD, type TestCity } from '../../testing/test-city.ts';
import { SMALL_CITY_YAML } from '../../testing/inventory-fixture.ts';
import { openServices, type Services } from '../../main.ts';
import { parseInventoryDocument, readInventoryText } from '../inventory/index.ts';
import { readStixText } from '../intel/index.ts';
import { replayFile } from '../ingest/index.ts';
import { testDatabaseKinds, type TestDatabase, type TestDatabaseKind } from '../../testing/test-databases.ts';
import { createBackupService, verifyBackup } from './backup.service.ts';
import type { BackupSecret } from './backup-keys.ts';
import { doorForced, dumpStore, SHARED, withStore, ZEEK_CONN } from './backup-fixtures.ts';
import { FRAME_BYTES, FRAME_PREFIX_BYTES, TAG_BYTES } from './backup-format.ts';

/**
 * Fills a test city with a little of everything CitySOC stores: accounts and tokens, the inventory, real
 * Suricata events, alerts (door-forced telemetry through the shipped rules) and the incidents grouped from them,
 * STIX intelligence, a TAXII feed with its credential, an uploaded rule, and the audit chain of it all.
 */
async function populateCity(services: Services): Promise<void> {
  await services.departments.create(SYSTEM_PRINCIPAL, { id: 'water', name: 'Water Utility', description: '' });
  await services.departments.create(SYSTEM_PRINCIPAL, { id: 'energy', name: 'Energy', description: '' });
  for (const [username, role, department] of [
    ['ana', 'soc_operator', 'water'],
    ['olav', 'data_owner', 'energy'],
  ] as const) {
    await services.users.create(SYSTEM_PRINCIPAL, {
      username,
      password: TEST_PASSWORD,
      role,
      departmentIds: [department],
    });
  }
  await services.tokens.create(SYSTEM_PRINCIPAL, {
    name: 'shipper',
    scope: 'ingest',
    departmentId: 'water',
    expiresInDays: null,
  });
  await services.inventory.importDocument(SYSTEM_PRINCIPAL, parseInventoryDocument(readInventoryText(SMALL_CITY_YAML)));
  await services.city.current();
  const eve = readFileSync(path.join(SHARED, 'suricata-eve/surevego-eve.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  await services.ingest.ingest({ channel: 'file', departmentId: 'water', format: 'ndjson' }, eve);
  // Enough Zeek records that the compressed snapshot spans several 64 KiB frames.
  let batches = 0;
  for await (const batch of replayFile(path.join(SHARED, ZEEK_CONN), 500)) {
    await services.ingest.ingest({ channel: 'file', departmentId: 'energy', format: batch.format }, batch.records);
    if (++batches === 8) break;
  }
  await services.ingest.ingest(
    { channel: 'mqtt', departmentId: 'water', format: 'ndjson' },
    [doorForced('DOOR-A', 0), doorForced('DOOR-B', 1), doorForced('DOOR-A', 2)].map((r) => JSON.stringify(r)),
  );
  await services.detection.catchUp();
  await services.grouping.catchUp();
  const stixDir = path.join(SHARED, 'stix2.1/examples');
  for (const file of readdirSync(stixDir)
    .filter((f) => f.endsWith('.json'))
    .slice(0, 6)) {
    const input = readStixText(readFileSync(path.join(stixDir, file), 'utf8'));
    await services.intel.importObjects(SYSTEM_PRINCIPAL, input.objects, { source: 'oasis', kind: 'stix' });
  }
  await services.taxiiPoller.add(SYSTEM_PRINCIPAL, {
    name: 'peer-city',
    apiRoot: 'https://peer.example/taxii2/city/',
    collection: '91a7b528-80eb-42ed-a74d-c6fbd5a26116',
    token: 'peer-secret-token-123',
  });
  await services.discovery.flush();
}

/** A fresh database filled by `populateCity`, with its services closed so nothing changes it any more. */
async function createPopulatedDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  const database = await kind.create({ ingestWorkers: 0 });
  const services = await openServices(database.config);
  try {
    await populateCity(services);
  } finally {
    await services.close();
  }
  return database;
}

const KEY: BackupSecret = { kind: 'key-file', key: randomBytes(32) };

describe.each(testDatabaseKinds())('backup round trip on $kind', (kind) => {
  let source: TestDatabase;
  let dir: string;
  let file: string;
  const targets: TestDatabase[] = [];

  beforeAll(async () => {
    source = await createPopulatedDatabase(kind);
    dir = mkdtempSync(path.join(tmpdir(), 'citysoc-backup-'));
    file = path.join(dir, 'city.backup');
    await withStore(source.config, (store) => createBackupService({ store }).create(file, KEY));
  });
  afterAll(async () => {
    await source.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const target of targets.splice(0)) await target.drop();
  });

  const freshTarget = async (onKind = kind) => {
    const target = await onKind.create();
    targets.push(target);
    return target;
  };
  const restoreInto = (target: TestDatabase, from = file, secret = KEY) =>
    withStore(target.config, (store) => createBackupService({ store }).restore(from, secret));

  it('holds every table with its row count, and verifies', async () => {
    const summary = await verifyBackup(file, KEY);
    const tables = await withStore(source.config, dumpStore);
    expect(summary.dialect).toBe(kind.kind);
    expect(Object.keys(summary.tables).sort()).toEqual(Object.keys(tables).sort());
    for (const [table, rows] of Object.entries(tables)) expect(summary.tables[table], table).toBe(rows.length);
    expect(summary.tables).toMatchObject({ kysely_migration: expect.any(Number) as number });
    expect(summary.tables.events).toBeGreaterThan(3000);
    expect(summary.tables.alerts).toBeGreaterThan(0);
    expect(summary.tables.incidents).toBeGreaterThan(0);
    expect(summary.tables.intel_objects).toBeGreaterThan(0);
    // Encrypted: nothing of the city is readable in the file.
    const bytes = readFileSync(file);
    expect(bytes.includes('peer-secret-token-123')).toBe(false);
    expect(bytes.includes('Water Utility')).toBe(false);
  });

  it('restores into a fresh database, reproducing every row of every table', async () => {
    const target = await freshTarget();
    await restoreInto(target);
    const original = await withStore(source.config, dumpStore);
    const restored = await withStore(target.config, dumpStore);
    expect(Object.keys(restored).sort()).toEqual(Object.keys(original).sort());
    for (const table of Object.keys(original)) expect(restored[table], table).toEqual(original[table]);
  });

  it('restores into a store the server then opens: audit chain intact, new rows get new sequence numbers', async () => {
    const target = await freshTarget();
    await restoreInto(target);
    const services = await openServices(target.config);
    try {
      expect(await services.audit.verify()).toMatchObject({ ok: true, firstBroken: null });
      const before = await services.events.count(SYSTEM_PRINCIPAL);
      const result = await services.ingest.ingest({ channel: 'file', departmentId: 'water', format: 'ndjson' }, [
        JSON.stringify({ event_type: 'alert', timestamp: '2026-11-02T10:00:00Z', src_ip: '10.0.0.1' }),
      ]);
      expect(result.accepted).toBe(1);
      expect(await services.events.count(SYSTEM_PRINCIPAL)).toBe(before + 1);
      await services.departments.create(SYSTEM_PRINCIPAL, { id: 'parks', name: 'Parks', description: '' });
      expect(await services.audit.verify()).toMatchObject({ ok: true });
    } finally {
      await services.close();
    }
  });

  it('refuses to restore into a database that holds data, and changes nothing there', async () => {
    const target = await freshTarget();
    const services = await openServices(target.config);
    await services.departments.create(SYSTEM_PRINCIPAL, { id: 'parks', name: 'Parks', description: '' });
    await services.close();
    const before = await withStore(target.config, dumpStore);
    const refused = restoreInto(target);
    await expect(refused).rejects.toThrow(ConflictError);
    await expect(refused).rejects.toThrow(/Refusing to restore: .* is not empty/);
    expect(await withStore(target.config, dumpStore)).toEqual(before);
  });

  it('refuses the wrong key and the wrong passphrase', async () => {
    const target = await freshTarget();
    const other: BackupSecret = { kind: 'key-file', key: randomBytes(32) };
    await expect(verifyBackup(file, other)).rejects.toThrow('Wrong passphrase or corrupted header');
    await expect(restoreInto(target, file, other)).rejects.toThrow('Wrong passphrase or corrupted header');
    await expect(verifyBackup(file, { kind: 'passphrase', passphrase: 'x'.repeat(20) })).rejects.toThrow(
      /made with a key file/,
    );
    expect(await withStore(target.config, dumpStore)).toEqual({});
  });

  describe('a tampered file', () => {
    const HEADER_END = () => {
      const bytes = readFileSync(file);
      return 16 + 4 + bytes.readUInt32BE(16) + 32;
    };
    /** Start offsets of every frame, walking the length prefixes. */
    const frameOffsets = () => {
      const bytes = readFileSync(file);
      const offsets: number[] = [];
      for (let at = HEADER_END(); at < bytes.length;) {
        offsets.push(at);
        at += FRAME_PREFIX_BYTES + bytes.readUInt32BE(at + 1) + TAG_BYTES;
      }
      return offsets;
    };
    const tampered = (change: (bytes: Buffer) => Buffer) => {
      const out = path.join(dir, `tampered-${Math.random().toString(36).slice(2)}.backup`);
      writeFileSync(out, change(Buffer.from(readFileSync(file))));
      return out;
    };
    const refusedEverywhere = async (bad: string, message: string | RegExp) => {
      await expect(verifyBackup(bad, KEY)).rejects.toThrow(InputError);
      await expect(verifyBackup(bad, KEY)).rejects.toThrow(message);
      const target = await freshTarget();
      await expect(restoreInto(target, bad)).rejects.toThrow(message);
      expect(await withStore(target.config, dumpStore)).toEqual({});
    };

    it('spans several frames (so a middle frame exists)', () => {
      expect(frameOffsets().length).toBeGreaterThanOrEqual(4);
      expect(readFileSync(file).readUInt32BE((frameOffsets()[0] ?? 0) + 1)).toBe(FRAME_BYTES + 0);
    });

    it('with one byte flipped in the header', async () => {
      const bad = tampered((b) => {
        b[40] = (b[40] ?? 0) ^ 0x01; // inside the header JSON
        return b;
      });
      await refusedEverywhere(bad, /Wrong passphrase or corrupted header/);
    });

    it('with one byte flipped in the header MAC', async () => {
      const bad = tampered((b) => {
        const at = HEADER_END() - 5;
        b[at] = (b[at] ?? 0) ^ 0x80;
        return b;
      });
      await refusedEverywhere(bad, 'Wrong passphrase or corrupted header');
    });

    it('with one byte flipped in a middle frame', async () => {
      const offsets = frameOffsets();
      const middle = Math.floor(offsets.length / 2);
      const bad = tampered((b) => {
        const at = (offsets[middle] ?? 0) + FRAME_PREFIX_BYTES + 1000;
        b[at] = (b[at] ?? 0) ^ 0x01;
        return b;
      });
      await refusedEverywhere(bad, `Authentication failed at frame ${middle}`);
    });

    it('with two frames swapped', async () => {
      const offsets = frameOffsets();
      const bad = tampered((b) => {
        const [a, c, d] = [offsets[0] ?? 0, offsets[1] ?? 0, offsets[2] ?? 0];
        return Buffer.concat([b.subarray(0, a), b.subarray(c, d), b.subarray(a, c), b.subarray(d)]);
      });
      await refusedEverywhere(bad, 'Authentication failed at frame 0');
    });

    it('with the last frame cut off', async () => {
      const offsets = frameOffsets();
      const bad = tampered((b) => b.subarray(0, offsets[offsets.length - 1]));
      await refusedEverywhere(bad, 'Truncated: final frame missing');
    });

    it('cut in the middle of the last frame', async () => {
      const bad = tampered((b) => b.subarray(0, b.length - 7));
      await refusedEverywhere(bad, /Truncated: frame \d+ is incomplete/);
    });

    it('with garbage appended', async () => {
      const bad = tampered((b) => Buffer.concat([b, Buffer.from('garbage')]));
      await refusedEverywhere(bad, 'Unexpected data after the final frame');
    });

    it('that is not a backup at all', async () => {
      const bad = tampered(() => Buffer.from('{"hello": "world"}\n'));
      await refusedEverywhere(bad, 'Not a CitySOC backup file');
    });
  });
});

describe.each(testDatabaseKinds())('backup with a passphrase on $kind', (kind) => {
  let city: TestCity;
  let dir: string;
  beforeEach(async () => {
    city = await createTestCity(kind);
    dir = mkdtempSync(path.join(tmpdir(), 'citysoc-backup-'));
  });
  afterEach(async () => {
    await city.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('derives the key with scrypt, and the wrong passphrase is refused', async () => {
    const file = path.join(dir, 'p.backup');
    const secret: BackupSecret = { kind: 'passphrase', passphrase: 'correct horse battery staple' };
    const made = await withStore(city.services.config, (store) => createBackupService({ store }).create(file, secret));
    expect(made).toMatchObject({ ok: true, kdf: 'scrypt' });
    expect(made.tables.departments).toBe(2);
    expect(
      JSON.parse(
        readFileSync(file)
          .subarray(20, 20 + readFileSync(file).readUInt32BE(16))
          .toString(),
      ),
    ).toMatchObject({
      kdf: { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 },
    });
    await expect(
      verifyBackup(file, { kind: 'passphrase', passphrase: 'correct horse battery stapler' }),
    ).rejects.toThrow('Wrong passphrase or corrupted header');
    await expect(
      withStore(city.services.config, (store) => createBackupService({ store }).create(file, secret)),
    ).rejects.toThrow(/already exists/);
  });
});

describe.runIf(testDatabaseKinds().length === 2)('cross-engine restore', () => {
  const [sqlite, postgres] = testDatabaseKinds() as [TestDatabaseKind, TestDatabaseKind];
  let dir: string;
  const databases: TestDatabase[] = [];
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'citysoc-backup-'));
  });
  afterAll(async () => {
    for (const database of databases.splice(0)) await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['SQLite', 'PostgreSQL', sqlite, postgres],
    ['PostgreSQL', 'SQLite', postgres, sqlite],
  ])('restores a %s backup into %s, row for row', async (_from, _to, fromKind, toKind) => {
    const source = await createPopulatedDatabase(fromKind);
    const target = await toKind.create();
    databases.push(source, target);
    const file = path.join(dir, `${fromKind.kind}.backup`);
    await withStore(source.config, (store) => createBackupService({ store }).create(file, KEY));
    await withStore(target.config, (store) => createBackupService({ store }).restore(file, KEY));
    const original = await withStore(source.config, dumpStore);
    const restored = await withStore(target.config, dumpStore);
    for (const table of Object.keys(original)) expect(restored[table], table).toEqual(original[table]);
    const services = await openServices(target.config);
    try {
      expect(await services.audit.verify()).toMatchObject({ ok: true });
    } finally {
      await services.close();
    }
  });
});
