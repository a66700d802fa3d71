import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds, type TestDatabase } from '../testing/test-databases.ts';
import { campaignForLeadership, type Leadership } from './leadership.ts';
import { createLogger } from './log.ts';

const postgres = testDatabaseKinds().find((kind) => kind.kind === 'postgres');

async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.runIf(postgres !== undefined)('leadership of the city-wide jobs over PostgreSQL', () => {
  let database: TestDatabase;
  const campaigns: Leadership[] = [];
  afterEach(async () => {
    await Promise.all(campaigns.splice(0).map((campaign) => campaign.close()));
    await database.drop();
  });

  function campaign(events: string[], name: string): Leadership {
    const leadership = campaignForLeadership({
      databaseUrl: database.config.databaseUrl,
      log: createLogger('silent'),
      checkEveryMs: 50,
      onElected: () => events.push(`${name} elected`),
      onLost: () => events.push(`${name} lost`),
    });
    campaigns.push(leadership);
    return leadership;
  }

  it('elects one node; another takes over when the leader leaves', async () => {
    database = await postgres!.create();
    const events: string[] = [];
    const first = campaign(events, 'first');
    await eventually(() => first.isLeader());
    const second = campaign(events, 'second');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(second.isLeader()).toBe(false);

    await first.close();
    await eventually(() => second.isLeader());
    expect(events).toEqual(['first elected', 'second elected']);
  });

  it('tells a leader it lost the lead when its lock session is killed, and the other node takes over', async () => {
    database = await postgres!.create();
    const events: string[] = [];
    const first = campaign(events, 'first');
    await eventually(() => first.isLeader());
    const second = campaign(events, 'second');
    const admin = new pg.Client({ connectionString: database.config.databaseUrl });
    await admin.connect();
    try {
      await admin.query(`
        select pg_terminate_backend(l.pid) from pg_locks l
        where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database where datname = current_database())`);
    } finally {
      await admin.end();
    }
    await eventually(() => events.includes('first lost') && second.isLeader());
    expect(first.isLeader()).toBe(false);
    expect(events).toEqual(['first elected', 'first lost', 'second elected']);
  });
});
