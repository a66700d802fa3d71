import type { DetectionStatus } from '@citysoc/core';
import type { SigmaEngine } from '@citysoc/core/sigma';
import type { Insertable } from 'kysely';
import { v7 as timeOrderedUuid } from 'uuid';
import type { Bus } from '../../platform/bus/bus.ts';
import type { Store } from '../../platform/db/database.ts';
import type { AlertsTable } from '../../platform/db/schema.ts';
import type { Logger } from '../../platform/log.ts';
import { insertAlerts, latestEventSeq, readCheckpoint, readEventsAfter, writeCheckpoint } from './alerts.repository.ts';
import { detectionEvent } from './detection-event.ts';

/** The consumer name of the in-pipeline Sigma detection in `detection_checkpoints`. */
export const SIGMA_CONSUMER = 'sigma';
const BATCH = 1000;
const IDLE_POLL_MS = 1000;

export interface DetectionService {
  /** Number of rules in use. */
  readonly ruleCount: number;
  /** Starts following the event store from the checkpoint; new commits wake it through the bus. */
  start(): void;
  /** Rules in use and refused, and how far detection is behind the event store. */
  status(): Promise<DetectionStatus>;
  /** Processes everything committed so far, then resolves; returns the number of events read. */
  catchUp(): Promise<number>;
  stop(): Promise<void>;
}

export interface DetectionStats {
  events: number;
  alerts: number;
}

/**
 * Runs Sigma over committed events in commit order. Each batch's alerts and the advanced checkpoint are
 * written in one transaction, so a crash replays at most that batch and the unique (rule, event) key
 * makes the replay raise nothing twice.
 */
export function createDetectionService(deps: {
  store: Store;
  bus: Bus;
  log: Logger;
  engine: SigmaEngine;
  /** Rules refused while loading (parse errors included), for the status. */
  refusedRules: number;
}): DetectionService {
  const { store, bus, log, engine } = deps;
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let unsubscribe: (() => void) | null = null;

  async function processBatch(): Promise<number> {
    const checkpoint = await readCheckpoint(store.db, SIGMA_CONSUMER);
    const events = await readEventsAfter(store.db, checkpoint, BATCH);
    const last = events.at(-1);
    if (!last) return 0;
    const at = new Date().toISOString();
    const alerts: Insertable<AlertsTable>[] = [];
    for (const event of events) {
      let hits;
      let document: { device?: { id?: unknown } };
      try {
        document = JSON.parse(event.document) as { device?: { id?: unknown } };
        hits = engine.match(detectionEvent(document, event));
      } catch (error) {
        // One malformed stored event must not stop detection for everything after it.
        log.error({ err: error, eventId: event.id }, 'detection failed on an event');
        continue;
      }
      for (const rule of hits) {
        alerts.push({
          id: timeOrderedUuid(),
          rule_id: rule.id,
          event_id: event.id,
          ts: event.ts,
          created_at: at,
          level: rule.level,
          title: rule.title,
          department_id: event.department_id,
          status: 'new',
          status_changed_at: null,
          status_changed_by: null,
          document: JSON.stringify({
            rule: {
              id: rule.id,
              title: rule.title,
              level: rule.level,
              description: rule.description,
              author: rule.author,
              references: rule.references,
              tags: rule.tags,
              falsepositives: rule.falsepositives,
            },
            event: {
              source: event.source,
              hostName: event.host_name,
              sourceIp: event.source_ip,
              destinationIp: event.destination_ip,
              userName: event.user_name,
              deviceId: typeof document.device?.id === 'string' ? document.device.id : null,
            },
          }),
        });
      }
    }
    await store.db.transaction().execute(async (trx) => {
      await insertAlerts(trx, alerts);
      await writeCheckpoint(trx, SIGMA_CONSUMER, last.seq, at);
    });
    if (alerts.length > 0) await bus.publish('alerts.raised', { count: alerts.length });
    return events.length;
  }

  async function catchUp(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await processBatch();
      total += n;
      if (n < BATCH) return total;
    }
  }

  async function follow(): Promise<void> {
    while (running) {
      try {
        await catchUp();
      } catch (error) {
        log.error({ err: error }, 'detection batch failed; retrying');
      }
      if (!running) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, IDLE_POLL_MS).unref();
      });
      wake = null;
    }
  }

  return {
    ruleCount: engine.rules.length,
    async status() {
      const [checkpointSeq, latestSeq] = await Promise.all([
        readCheckpoint(store.db, SIGMA_CONSUMER),
        latestEventSeq(store.db),
      ]);
      return {
        rules: engine.rules.length,
        refusedRules: deps.refusedRules,
        checkpointSeq,
        latestSeq,
        lag: Math.max(0, latestSeq - checkpointSeq),
      };
    },
    start() {
      if (running) return;
      running = true;
      unsubscribe = bus.subscribe('events.committed', () => wake?.());
      loop = follow();
    },
    catchUp,
    async stop() {
      running = false;
      unsubscribe?.();
      wake?.();
      await loop;
    },
  };
}
