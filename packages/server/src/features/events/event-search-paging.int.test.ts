import { SYSTEM_PRINCIPAL, type Principal } from '@citysoc/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';

/** sshd lines about one user: four share one second, so pages must break ties by commit order. */
const line = (time: string, n: number) =>
  `<38>1 ${time} gw-${n} sshd 77 - - Failed password for alice from 203.0.113.${n} port 4242 ssh2`;
const SAME_SECOND = '2026-11-22T10:00:00Z';
const ALICE_LINES = [
  line('2026-11-22T09:00:00Z', 1),
  line(SAME_SECOND, 2),
  line(SAME_SECOND, 3),
  line(SAME_SECOND, 4),
  line(SAME_SECOND, 5),
  line('2026-11-22T11:00:00Z', 6),
];

describe.each(testDatabaseKinds())('paging and scoped search on $kind', (kind) => {
  let city: TestCity;
  let waterResponder: Principal;

  beforeAll(async () => {
    city = await createTestCity(kind);
    waterResponder = await city.addUser(`r-${kind.kind}`, 'responder', ['water']);
    const ingest = city.services.ingest;
    await ingest.ingest({ channel: 'syslog-tcp', departmentId: 'water', format: 'lines' }, ALICE_LINES);
    // The same user in another department's events: the water responder must never see these.
    await ingest.ingest({ channel: 'syslog-tcp', departmentId: 'energy', format: 'lines' }, [
      line(SAME_SECOND, 7),
      line('2026-11-22T12:00:00Z', 8),
    ]);
  });
  afterAll(() => city.dispose());

  async function allPages(actor: Principal, query: string, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await city.services.events.search(actor, { query, limit, ...(cursor !== undefined && { cursor }) });
      seen.push(...page.events.map((e) => `${e.timestamp}#${e.seq}`));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return seen;
  }

  it('pages through events sharing a timestamp in time then commit order, without gaps or repeats', async () => {
    for (const limit of [1, 2, 3]) {
      const seen = await allPages(SYSTEM_PRINCIPAL, 'user.name:alice', limit);
      const all = (await city.services.events.search(SYSTEM_PRINCIPAL, { query: 'user.name:alice', limit: 100 }))
        .events;
      expect(seen, `limit ${limit}`).toEqual(all.map((e) => `${e.timestamp}#${e.seq}`));
      expect(seen).toHaveLength(8);
    }
  });

  it('orders the events of one second by commit order, newest first', async () => {
    const seen = await allPages(SYSTEM_PRINCIPAL, 'user.name:alice', 2);
    const sameSecond = seen.filter((entry) => entry.startsWith('2026-11-22T10:00:00.000Z'));
    const seqs = sameSecond.map((entry) => Number(entry.split('#')[1]));
    expect(seqs).toHaveLength(5);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  });

  it('keeps a department-scoped search and its pages inside the department', async () => {
    const seen = await allPages(waterResponder, 'user.name:alice', 2);
    expect(seen).toHaveLength(ALICE_LINES.length);
    const { events } = await city.services.events.search(waterResponder, { query: 'user.name:alice', limit: 100 });
    expect(new Set(events.map((e) => e.departmentId))).toEqual(new Set(['water']));
  });

  it.runIf(kind.kind === 'sqlite')(
    'searches a department by user through the user index, not through every event of the department',
    async () => {
      const { rows } = await sql<{ detail: string }>`explain query plan
        select * from events where department_id in ('water') and user_name = 'alice'
        order by ts desc, seq desc limit 101`.execute(city.services.store.db);
      expect(rows.map((row) => row.detail).join(' / ')).toMatch(/USING INDEX events_user_name \(user_name=\?\)/);
    },
  );
});
