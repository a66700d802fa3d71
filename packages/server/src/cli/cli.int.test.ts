import pg from 'pg';
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli-runner.ts';
import { testDatabaseKinds, type TestDatabase } from '../testing/test-databases.ts';

const SHARED = path.resolve(import.meta.dirname, '../../../../../shared/data');

describe.each(testDatabaseKinds())('citysoc CLI on $kind', (kind) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await kind.create();
  });
  afterEach(() => database.drop());

  const citysoc = (args: string[], input?: string) => runCli(database.config, args, input);

  /** Runs SQL behind the CLI's back, as an intruder with database access would. */
  async function tamper(statement: string): Promise<void> {
    if (kind.kind === 'sqlite') {
      const db = new Database(path.join(database.config.dataDir, 'citysoc.db'));
      db.exec(statement);
      db.close();
      return;
    }
    const client = new pg.Client({ connectionString: database.config.databaseUrl });
    await client.connect();
    await client.query(statement);
    await client.end();
  }

  it('lists every command in --help', async () => {
    const { code, stdout } = await citysoc(['--help']);
    expect(code).toBe(0);
    for (const command of ['serve', 'migrate', 'users', 'departments', 'tokens', 'audit']) {
      expect(stdout).toContain(command);
    }
  });

  it('migrates, creates departments and users, and lists them', async () => {
    expect((await citysoc(['migrate'])).stdout).toMatch(/applied 0001-foundation/);
    expect((await citysoc(['migrate'])).stdout).toMatch(/applied none/);
    expect((await citysoc(['departments', 'create', 'water', 'Water Utility'])).code).toBe(0);
    const created = await citysoc(['users', 'create', 'alice', '--role', 'sysadmin', '--department', 'water']);
    expect(created.stdout).toMatch(/password \(shown once\): \S{24}/);
    const viaStdin = await citysoc(
      ['users', 'create', 'bob', '--role', 'auditor', '--password-stdin'],
      'a-long-enough-password\n',
    );
    expect(viaStdin.stdout).not.toMatch(/password/);
    const list = JSON.parse((await citysoc(['users', 'list', '--json'])).stdout) as {
      username: string;
      departmentIds: string[];
    }[];
    expect(list.map((u) => [u.username, u.departmentIds])).toEqual([
      ['alice', ['water']],
      ['bob', []],
    ]);
    expect((await citysoc(['departments', 'list'])).stdout).toMatch(/water\s+Water Utility/);
  });

  it('refuses bad input with exit code 2 and the reason', async () => {
    const badRole = await citysoc(['users', 'create', 'carol', '--role', 'mayor']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/Allowed choices are admin, cio/);
    const badDepartment = await citysoc(['departments', 'create', 'Bad Id', 'x']);
    expect(badDepartment.code).toBe(2);
    expect(badDepartment.stderr).toMatch(/error: id: must be/);
  });

  it('prints a token once, scoped to a department, and lists it without the secret', async () => {
    await citysoc(['departments', 'create', 'water', 'Water Utility']);
    const created = await citysoc([
      'tokens',
      'create',
      '--scope',
      'ingest',
      '--department',
      'water',
      '--name',
      'syslog relay',
    ]);
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^cst_[A-Za-z0-9_-]{43}$/);
    const listed = await citysoc(['tokens', 'list', '--json']);
    expect(listed.stdout).not.toContain(secret);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ scope: 'ingest', departmentId: 'water' })]);
    const unknownDepartment = await citysoc(['tokens', 'create', '--scope', 'read', '--department', 'nowhere']);
    expect(unknownDepartment.code).toBe(2);
  });

  it('replays files of events and reports what it stored and refused', async () => {
    await citysoc(['departments', 'create', 'water', 'Water Utility']);
    const broken = await citysoc([
      'ingest',
      path.join(SHARED, 'suricata-eve/surevego-eve_broken.ndjson'),
      '--json',
      '--department',
      'water',
    ]);
    expect(broken.code).toBe(0);
    expect(JSON.parse(broken.stdout)).toMatchObject({
      accepted: 263,
      rejected: 6,
      errors: expect.arrayContaining([{ line: 4, reason: expect.stringMatching(/invalid JSON/) }]),
    });
    const lines = await citysoc(['ingest', path.join(SHARED, 'loghub/OpenSSH/OpenSSH_2k.log'), '--json']);
    expect(JSON.parse(lines.stdout)).toMatchObject({ accepted: 2000, rejected: 0 });
    const missing = await citysoc(['ingest', '/nonexistent/file.log']);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/No such file/) });
  });

  it('exits 0 while the audit chain is intact and 1 naming the first broken entry', async () => {
    await citysoc(['departments', 'create', 'water', 'Water Utility']);
    await citysoc(['departments', 'create', 'energy', 'Energy']);
    const intact = await citysoc(['audit', 'verify']);
    expect(intact).toMatchObject({ code: 0, stdout: 'audit chain intact: 2 entries\n' });
    await tamper(`update audit_log set target_id = 'lighting' where seq = 1`);
    const broken = await citysoc(['audit', 'verify', '--json']);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, firstBroken: { seq: 1 } });
  });
});
