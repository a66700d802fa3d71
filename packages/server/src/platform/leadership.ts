import pg from 'pg';
import type { Logger } from './log.ts';

/**
 * Which api node runs the city-wide jobs in a cluster (stance and posture recomputation, incident grouping and SLA
 * watch, notifications, playbook triggers, TAXII polling, retention). Each of them reads a shared checkpoint or
 * acts on shared state, so two nodes running them would notify twice, or open an incident twice.
 *
 * The lead is a PostgreSQL session-level advisory lock, held by a connection of its own: PostgreSQL releases it
 * the moment that session ends, so a leader that dies (kill -9, lost host) hands over as soon as the server
 * sees the connection close, with no lease to expire and nothing to configure. A leader whose lock connection
 * fails cannot know whether another node already took over, so it stops being leader at once: `onLost` is called
 * and the node is expected to exit and be restarted by its supervisor (crash-only: the jobs never have to learn
 * to stop and start again mid-flight).
 */
export interface Leadership {
  isLeader(): boolean;
  close(): Promise<void>;
}

/** The one lock this product takes: per database, so two cities on one server do not contend. */
const LOCK_KEY = "hashtext('citysoc:city-jobs')";

export function campaignForLeadership(deps: {
  databaseUrl: string;
  log: Logger;
  /** Called once, when this node takes the lead. */
  onElected(): void;
  /** Called once, when a leader's lock connection fails. */
  onLost(reason: string): void;
  /** How often a follower asks for the lock and a leader checks it still holds it. */
  checkEveryMs?: number;
}): Leadership {
  const checkEveryMs = deps.checkEveryMs ?? 2000;
  let client: pg.Client | null = null;
  let leader = false;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let checking: Promise<void> = Promise.resolve();

  function lose(reason: string): void {
    if (closed) return;
    if (leader) {
      leader = false;
      closed = true;
      deps.onLost(reason);
      return;
    }
    // A follower just reconnects on its next check.
    deps.log.warn({ reason }, 'the leadership lock connection failed; reconnecting');
    const failed = client;
    client = null;
    void failed?.end().catch(() => undefined);
  }

  async function connect(): Promise<pg.Client> {
    const next = new pg.Client({
      connectionString: deps.databaseUrl,
      keepAlive: true,
      application_name: 'citysoc-leadership',
    });
    next.on('error', (error) => lose(error.message));
    next.on('end', () => {
      if (client === next) lose('the lock connection closed');
    });
    await next.connect();
    client = next;
    return next;
  }

  async function check(): Promise<void> {
    if (closed) return;
    try {
      const session = client ?? (await connect());
      if (leader) {
        await session.query('select 1');
        return;
      }
      const { rows } = await session.query<{ locked: boolean }>(`select pg_try_advisory_lock(${LOCK_KEY}) as locked`);
      if (rows[0]?.locked === true && !closed) {
        leader = true;
        deps.onElected();
      }
    } catch (error) {
      lose(error instanceof Error ? error.message : String(error));
    }
  }

  function schedule(): void {
    checking = checking.then(check);
  }
  schedule();
  timer = setInterval(schedule, checkEveryMs);
  timer.unref();

  return {
    isLeader: () => leader,
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      timer = null;
      await checking;
      const session = client;
      client = null;
      // Ending the session releases the lock: another node takes over on its next check.
      await session?.end().catch(() => undefined);
    },
  };
}
