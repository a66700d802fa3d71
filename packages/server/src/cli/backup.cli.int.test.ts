import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SMALL_CITY_YAML } from '../testing/inventory-fixture.ts';
import { runCli, type CliResult } from '../testing/cli-runner.ts';
import { runCitysoc, spawnServer, type SpawnedServer } from '../testing/spawned-server.ts';
import { testDatabaseKinds, type TestDatabase } from '../testing/test-databases.ts';

const BIN = fileURLToPath(new URL('../../bin/citysoc.js', import.meta.url));

/** `citysoc` with a passphrase in the environment, which the shared runner does not pass on. */
async function withPassphrase(dataDir: string, passphrase: string, args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', CITYSOC_DATA_DIR: dataDir, CITYSOC_BACKUP_PASSPHRASE: passphrase },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe.each(testDatabaseKinds())('citysoc backup on $kind', (kind) => {
  let source: TestDatabase;
  let dir: string;
  let key: string;
  let file: string;
  const targets: TestDatabase[] = [];
  beforeAll(async () => {
    source = await kind.create();
    dir = mkdtempSync(path.join(tmpdir(), 'citysoc-backup-cli-'));
    key = path.join(dir, 'backup.key');
    file = path.join(dir, 'city.backup');
    const inventory = path.join(dir, 'city.yaml');
    writeFileSync(inventory, SMALL_CITY_YAML);
    expect((await runCli(source.config, ['inventory', 'import', inventory])).code).toBe(0);
    expect((await runCli(source.config, ['tokens', 'create', '--scope', 'read'])).code).toBe(0);
  });
  afterAll(async () => {
    await source.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const target of targets.splice(0)) await target.drop();
  });
  const citysoc = (args: string[], on = source) => runCli(on.config, args);

  it('makes a key file readable only by its owner, and never overwrites one', async () => {
    const made = await citysoc(['backup', 'keygen', '--out', key]);
    expect(made.code).toBe(0);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(key, 'utf8').trim(), 'base64')).toHaveLength(32);
    const again = await citysoc(['backup', 'keygen', '--out', key]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('creates, verifies and restores, with JSON summaries', async () => {
    const created = await citysoc(['backup', 'create', '--out', file, '--key-file', key, '--json']);
    expect(created.code, created.stderr).toBe(0);
    const summary = JSON.parse(created.stdout) as { ok: boolean; tables: Record<string, number> };
    expect(summary).toMatchObject({ ok: true, dialect: kind.kind, kdf: 'key-file' });
    expect(summary.tables).toMatchObject({ departments: 2, assets: 5, services: 2, api_tokens: 1 });

    const verified = await citysoc(['backup', 'verify', file, '--key-file', key]);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, tables: summary.tables });

    const target = await kind.create();
    targets.push(target);
    const restored = await citysoc(['backup', 'restore', file, '--key-file', key], target);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^restored .* rows in \d+ tables/);
    const exported = (on: TestDatabase) => citysoc(['inventory', 'export'], on).then((r) => r.stdout);
    expect(await exported(target)).toBe(await exported(source));
    expect((await citysoc(['audit', 'verify'], target)).stdout).toMatch(/audit chain intact/);
  });

  it('refuses to restore into the non-empty source', async () => {
    const refused = await citysoc(['backup', 'restore', file, '--key-file', key]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Refusing to restore: .* is not empty/);
  });

  it('reports a tampered file on stdout as JSON and exits 1', async () => {
    const bytes = readFileSync(file);
    bytes[bytes.length - 30] = (bytes[bytes.length - 30] ?? 0) ^ 0x04;
    const bad = path.join(dir, 'tampered.backup');
    writeFileSync(bad, bytes);
    const verified = await citysoc(['backup', 'verify', bad, '--key-file', key]);
    expect(verified.code).toBe(1);
    expect(JSON.parse(verified.stdout)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Authentication failed at frame \d+$/) as string,
    });
    expect(verified.stderr).toMatch(/error: Authentication failed at frame/);
  });

  it('needs a key, and will not back up a data directory without a database', async () => {
    const none = await citysoc(['backup', 'create', '--out', path.join(dir, 'x.backup')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/No key: set CITYSOC_BACKUP_PASSPHRASE or pass --key-file/);
    if (kind.kind !== 'sqlite') return;
    const empty = mkdtempSync(path.join(tmpdir(), 'citysoc-empty-'));
    const missing = await runCli({ dataDir: empty, databaseUrl: '' }, [
      'backup',
      'create',
      '--out',
      path.join(dir, 'y.backup'),
      '--key-file',
      key,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/No CitySOC database in/);
    rmSync(empty, { recursive: true, force: true });
  });
});

describe('citysoc backup beside a running server', () => {
  let server: SpawnedServer;
  let dir: string;
  beforeAll(async () => {
    server = await spawnServer();
    dir = mkdtempSync(path.join(tmpdir(), 'citysoc-backup-e2e-'));
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up the live store with a passphrase and restores it into an empty data directory', async () => {
    await runCitysoc(server.dataDir, ['departments', 'create', 'water', 'Water Utility']);
    const file = path.join(dir, 'live.backup');
    const passphrase = 'a long and winding passphrase';
    const created = await withPassphrase(server.dataDir, passphrase, ['backup', 'create', '--out', file]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^backup written to /);
    const short = await withPassphrase(server.dataDir, 'short', ['backup', 'create', '--out', `${file}.2`]);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/at least 12 characters/);
    const wrong = await withPassphrase(server.dataDir, 'not the passphrase', ['backup', 'verify', file]);
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ ok: false, error: 'Wrong passphrase or corrupted header' });

    const restoredDir = path.join(dir, 'restored');
    const restored = await withPassphrase(restoredDir, passphrase, ['backup', 'restore', file, '--json']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ ok: true, dialect: 'sqlite' });
    const users = await runCitysoc(restoredDir, ['users', 'list']);
    expect(users).toMatch(/admin/);
    expect(await runCitysoc(restoredDir, ['departments', 'list'])).toMatch(/Water Utility/);
    expect(await runCitysoc(restoredDir, ['audit', 'verify'])).toMatch(/audit chain intact/);
  }, 180_000);
});
