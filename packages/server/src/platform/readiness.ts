import { Migrator } from 'kysely';
import { z } from 'zod';
import type { Bus } from './bus/bus.ts';
import { pingStore, type Store } from './db/database.ts';
import { MIGRATIONS } from './db/migrations/index.ts';

export const ReadinessCheck = z.object({ ok: z.boolean(), detail: z.string() });

/** Whether this node should be sent traffic: what a load balancer or orchestrator polls at `/api/ready`. */
export const Readiness = z.object({
  ready: z.boolean(),
  checks: z.object({ database: ReadinessCheck, migrations: ReadinessCheck, bus: ReadinessCheck }),
});
export type Readiness = z.infer<typeof Readiness>;

export type ReadinessProbe = () => Promise<Readiness>;

/**
 * Ready means: the database answers, every migration this version knows is applied (a node started against a
 * database another node is still migrating is not ready), and the bus is connected. Unlike liveness
 * (`/api/health`), a failed check takes the node out of rotation without restarting it.
 */
export function createReadinessProbe(deps: { store: Store; bus: Bus }): ReadinessProbe {
  const migrator = new Migrator({
    db: deps.store.db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
  });
  const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
  return async () => {
    let database: z.infer<typeof ReadinessCheck>;
    let migrations = { ok: false, detail: 'not checked: the database is unreachable' };
    try {
      const ms = await pingStore(deps.store);
      database = { ok: true, detail: `${deps.store.kind} answered in ${ms.toFixed(1)} ms` };
    } catch (error) {
      database = { ok: false, detail: message(error) };
    }
    if (database.ok) {
      try {
        const known = await migrator.getMigrations();
        const pending = known.filter((m) => m.executedAt === undefined).map((m) => m.name);
        migrations =
          pending.length === 0
            ? { ok: true, detail: `${known.length} applied` }
            : { ok: false, detail: `pending: ${pending.join(', ')}` };
      } catch (error) {
        migrations = { ok: false, detail: message(error) };
      }
    }
    const bus = deps.bus.connected()
      ? { ok: true, detail: `${deps.bus.kind} connected` }
      : { ok: false, detail: `${deps.bus.kind} not connected` };
    return { ready: database.ok && migrations.ok && bus.ok, checks: { database, migrations, bus } };
  };
}
