import type { NotificationSeverity, Notifier } from '@citysoc/core';
import type { Bus } from '../../platform/bus/bus.ts';
import type { Store } from '../../platform/db/database.ts';
import { createBatchFollower } from '../../platform/batch-follower.ts';
import type { Logger } from '../../platform/log.ts';
import {
  advanceAlertCheckpoint,
  alertsAfter,
  insertAlertCheckpoint,
  latestAlertId,
  readAlertCheckpoint,
} from './notifications.repository.ts';

const CONSUMER = 'alerts';
const BATCH = 500;
const IDLE_POLL_MS = 5000;

/** Sigma levels that page people; lower ones are for the alert queue only. */
const NOTIFIED_LEVELS: Readonly<Record<string, NotificationSeverity>> = { high: 'high', critical: 'critical' };

export interface AlertNotifier {
  start(): Promise<void>;
  /** Notifies for every alert raised after the checkpoint; resolves with how many alerts it read. */
  catchUp(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Tells people about new high and critical alerts. Reads alerts in commit order from its checkpoint (the bus
 * message `alerts.raised` carries only a count and is a wake-up). Those who triage alerts in the alert's
 * department hear about it (`alerts.triage`: SOC operators, responders, administrators; every role can read
 * alerts, but paging data owners and auditors for each one would teach them to ignore the bell). Repeats of a
 * rule in a department share a dedupe key, so a storm from one rule is counted, not sent fifty times.
 *
 * The checkpoint starts at the newest alert when the follower first runs, so upgrading does not page people
 * for history. Each batch is claimed by moving the checkpoint (compare-and-set) before notifying, so two
 * processes following the same database do not both notify; a crash between the two loses that batch's
 * notifications, never repeats them.
 */
export function createAlertNotifier(deps: {
  store: Store;
  bus: Bus;
  log: Logger;
  notifier: Notifier;
  now?: () => Date;
}): AlertNotifier {
  const { store, bus, log, notifier } = deps;
  const now = deps.now ?? (() => new Date());

  async function checkpoint(): Promise<string> {
    const stored = await readAlertCheckpoint(store.db, CONSUMER);
    if (stored !== null) return stored;
    await insertAlertCheckpoint(store.db, CONSUMER, await latestAlertId(store.db), now().toISOString());
    return (await readAlertCheckpoint(store.db, CONSUMER)) ?? '';
  }

  async function processBatch(): Promise<number> {
    const from = await checkpoint();
    const alerts = await alertsAfter(store.db, from, BATCH);
    const last = alerts.at(-1);
    if (!last) return 0;
    if (!(await advanceAlertCheckpoint(store.db, CONSUMER, from, last.id, now().toISOString()))) return alerts.length;
    for (const alert of alerts) {
      const severity = NOTIFIED_LEVELS[alert.level ?? ''];
      if (severity === undefined) continue;
      const where = alert.department_id ?? 'city-wide';
      await notifier.notify({
        kind: 'alert.created',
        severity,
        title: `${severity === 'critical' ? 'Critical' : 'High'} alert: ${alert.title}`.slice(0, 300),
        body: `Rule ${alert.rule_id} raised an alert in ${where} at ${alert.ts}.`,
        departmentId: alert.department_id,
        link: `/alerts?rule=${encodeURIComponent(alert.rule_id)}`,
        recipients: { userIds: [], teamIds: [], teamLeadsOf: [], permission: 'alerts.triage' },
        dedupeKey: `alert:${alert.rule_id}:${where}`,
      });
    }
    return alerts.length;
  }

  const follower = createBatchFollower({
    bus,
    wakeOn: 'alerts.raised',
    log,
    what: 'alert notifications',
    batchSize: BATCH,
    idlePollMs: IDLE_POLL_MS,
    processBatch,
  });
  return {
    async start() {
      // Fix the starting point before anything is raised, so the first alerts after start are not skipped.
      await checkpoint();
      follower.start();
    },
    catchUp: follower.catchUp,
    stop: follower.stop,
  };
}
