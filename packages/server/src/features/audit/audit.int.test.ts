import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';

describe.each(testDatabaseKinds())('audit log on $kind', (kind) => {
  let city: TestCity;
  beforeEach(async () => {
    city = await createTestCity(kind);
  });
  afterEach(() => city.dispose());

  it('records every change with its actor and keeps an intact chain', async () => {
    await city.services.departments.update(SYSTEM_PRINCIPAL, 'water', { name: 'Water and Sewage' });
    const entries = await city.services.audit.list(SYSTEM_PRINCIPAL, { limit: 10 });
    expect(entries.map((e) => e.action)).toEqual(['department.update', 'department.create', 'department.create']);
    expect(entries[0]).toMatchObject({ actorName: 'citysoc-cli', targetId: 'water', details: { changed: ['name'] } });
    expect(entries[0]!.beforeDigest).not.toEqual(entries[0]!.afterDigest);
    expect(await city.services.audit.verify()).toEqual({ ok: true, entries: 3, headSeq: 3, firstBroken: null });
  });

  it("lists one object's history", async () => {
    await city.services.departments.update(SYSTEM_PRINCIPAL, 'water', { name: 'Water and Sewage' });
    const history = await city.services.audit.list(SYSTEM_PRINCIPAL, {
      limit: 10,
      target: { type: 'department', id: 'water' },
    });
    expect(history.map((e) => e.action)).toEqual(['department.update', 'department.create']);
  });

  it('writes nothing, neither the change nor its entry, when the change fails', async () => {
    await expect(
      city.services.audit.transact(SYSTEM_PRINCIPAL, async (trx, record) => {
        await trx.deleteFrom('user_departments').execute();
        record({ action: 'test.fail', targetType: 'test', targetId: 'x', departmentId: null });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await city.services.audit.count(SYSTEM_PRINCIPAL)).toBe(2);
    expect((await city.services.audit.verify()).ok).toBe(true);
  });

  it('keeps one linear chain under concurrent changes', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        city.services.departments.create(SYSTEM_PRINCIPAL, { id: `d${i}`, name: `D${i}`, description: '' }),
      ),
    );
    expect(await city.services.audit.verify()).toMatchObject({ ok: true, entries: 14 });
  });

  it('detects an entry edited in the database', async () => {
    await sql`update audit_log set actor_name = 'mallory' where seq = 2`.execute(city.services.store.db);
    expect(await city.services.audit.verify()).toMatchObject({ ok: false, firstBroken: { seq: 2 } });
  });

  it('detects an entry deleted from the middle', async () => {
    await city.services.departments.create(SYSTEM_PRINCIPAL, { id: 'lighting', name: 'Lighting', description: '' });
    await sql`delete from audit_log where seq = 2`.execute(city.services.store.db);
    const result = await city.services.audit.verify();
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: 2, reason: expect.stringMatching(/missing/) } });
  });

  it('detects the newest entry being deleted', async () => {
    await sql`delete from audit_log where seq = 2`.execute(city.services.store.db);
    expect(await city.services.audit.verify()).toMatchObject({ ok: false, firstBroken: { seq: 2 } });
  });

  it('detects two entries swapped', async () => {
    await city.services.departments.create(SYSTEM_PRINCIPAL, { id: 'lighting', name: 'Lighting', description: '' });
    const db = city.services.store.db;
    await sql`update audit_log set seq = 100 where seq = 2`.execute(db);
    await sql`update audit_log set seq = 2 where seq = 3`.execute(db);
    await sql`update audit_log set seq = 3 where seq = 100`.execute(db);
    expect(await city.services.audit.verify()).toMatchObject({ ok: false, firstBroken: { seq: 2 } });
  });

  it('detects an entry whose details were made unreadable', async () => {
    await sql`update audit_log set details = 'not json' where seq = 1`.execute(city.services.store.db);
    expect(await city.services.audit.verify()).toMatchObject({ ok: false, firstBroken: { seq: 1 } });
  });

  it('shows a scoped auditor only the entries of their departments', async () => {
    const auditor = await city.addUser('auditor1', 'auditor', ['water']);
    const visible = await city.services.audit.list(auditor, { limit: 100 });
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.every((e) => e.departmentId === 'water')).toBe(true);
  });
});
