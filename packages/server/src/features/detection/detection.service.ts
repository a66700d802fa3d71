import type { DetectionStatus } from '@citysoc/core';
import type { CorrelationHit, CorrelatorOptions, SigmaEvent, SigmaRule } from '@citysoc/core/sigma';
import type { Insertable } from 'kysely';
import type { Bus } from '../../platform/bus/bus.ts';
import type { EventKey } from '../events/index.ts';
import type { CopyIn, Queryable, Store } from '../../platform/db/database.ts';
import type { AlertsTable } from '../../platform/db/schema.ts';
import type { Logger } from '../../platform/log.ts';
import { type AlertedEvent, correlationAlert, ruleAlert } from './alert-rows.ts';
import { type AlertExplanations, createAlertExplanations } from './alert-explanations.service.ts';
import {
  insertAlerts,
  latestEventSeq,
  readCheckpoint,
  readEventsAfter,
  readEventsByKeys,
  writeCheckpoint,
} from './alerts.repository.ts';
import { eventRefsBySeq } from './correlation.repository.ts';
import { createCorrelationState } from './correlation-state.ts';
import { detectionEvent } from './detection-event.ts';
import type { DetectionEngine } from './detection-rules.ts';
import type { ActiveRuleSet } from './rule-set.ts';

/** The consumer name of the in-pipeline Sigma detection in `detection_checkpoints`. */
export const SIGMA_CONSUMER = 'sigma';
const BATCH = 1000;
const IDLE_POLL_MS = 1000;

export interface DetectionService {
  /** Number of rules in use. */
  readonly ruleCount: number;
  /**
   * Why an alert was raised ("why it matched"), against the rules this service runs (see
   * alert-explanations.service.ts). Here because detection owns the loaded engine.
   */
  explainAlert: AlertExplanations['explain'];
  /** Starts following the event store from the checkpoint; new commits wake it through the bus. */
  start(): void;
  /** Rules in use and refused, how far detection is behind the event store, and the correlation state. */
  status(): Promise<DetectionStatus>;
  /**
   * Processes everything committed so far, then resolves; returns the number of events read. The first call
   * (and the first after a failed batch) rebuilds the correlation windows from the store first.
   */
  catchUp(): Promise<number>;
  /**
   * The cluster mode's entry point, instead of `start`: events come from the event stream, not from a checkpoint.
   * In one transaction (with COPY on PostgreSQL), `store` writes a batch, skipping events already stored, and
   * returns the keys of those it stored; detection runs over them and writes their alerts. An event stored
   * before was detected in the transaction that stored it, so a redelivered batch raises nothing twice (and
   * alerts are keyed by (rule, event) besides). Detectors' `due` is asked after the batch as well, in the same
   * transaction. Resolves after the commit.
   */
  detectStreamed(
    store: (trx: Queryable, copy: CopyIn | null) => Promise<readonly EventKey[]>,
  ): Promise<{ events: number; alerts: number }>;
  /**
   * Cluster mode: partitions changed hands, so the correlation windows miss what other nodes stored; they are
   * rebuilt from the event store before the next streamed batch.
   */
  resetCorrelation(): void;
  /**
   * Cluster mode: the assets whose events reach this node (their partitions are this node's). Detectors that keep
   * state per asset (device silence) watch only those: a device reporting through another node's partition would
   * look silent here. null (the default): every asset.
   */
  scopeAssets(owns: ((assetId: string) => boolean) | null): void;
  /**
   * Cluster mode, between streamed batches: asks the detectors for alerts not tied to one event (silence, overdue
   * backups) and writes them; returns how many. The embedded mode asks after each batch and idle poll itself.
   */
  raiseDue(): Promise<number>;
  stop(): Promise<void>;
}

/** A stored event as detection reads it. */
type DetectedRow = Awaited<ReturnType<typeof readEventsAfter>>[number];

/**
 * A detector beside Sigma (silence, range and anomaly on telemetry): it sees every committed event in commit
 * order, as Sigma does, and raises alerts of its own kind. Its alerts are written in the batch's transaction, so
 * they share the checkpoint and the (rule, event) idempotency with Sigma's.
 */
export interface EventDetector {
  observe(event: AlertedEvent, at: string): Insertable<AlertsTable>[];
  /** Alerts not tied to one event (a device that stopped reporting): asked for after every batch and idle poll. */
  due(at: string): Insertable<AlertsTable>[];
  /** Limits per-asset state to the assets this node sees (cluster mode, see `DetectionService.scopeAssets`). */
  scope?(owns: ((assetId: string) => boolean) | null): void;
}

/** Where the rules in force come from when they can change while detection runs (rule-catalog.ts). */
export interface RuleSetSource {
  current(): ActiveRuleSet;
  /** Starts and ends watching for changes made elsewhere; detection calls them from `start` and `stop`. */
  start(): void;
  close(): void;
}

/** What one batch needs of the rule set in force. */
type RulesInForce = Pick<ActiveRuleSet, 'version' | 'engine' | 'suppressed'>;

/** The rules detection runs, however they are given: fixed, or from the catalog. */
interface RulesOfDetection {
  current(): RulesInForce;
  /** Rules refused while loading (parse errors included), for the status. */
  refused(): number;
  /** Every valid rule, on or off, for explanations. */
  full(): DetectionEngine;
}

export interface DetectionStats {
  events: number;
  alerts: number;
}

/**
 * Runs Sigma over committed events in commit order, and the correlations over the rules' hits. Each batch's
 * alerts and the advanced checkpoint are written in one transaction, so a crash replays at most that batch
 * and the unique (rule, event) key makes the replay raise nothing twice; a correlation alert is keyed by the
 * event that completed it, so it is idempotent the same way. Correlation windows live in memory and are
 * rebuilt from the event store on start (see correlation-state.ts).
 */
export function createDetectionService(
  deps: {
    store: Store;
    bus: Bus;
    log: Logger;
    /** Memory bounds of the correlation windows (defaults: the correlator's). */
    correlator?: CorrelatorOptions;
    detectors?: readonly EventDetector[];
  } & (
    | {
        /** A fixed engine (tools, tests). */
        engine: DetectionEngine;
        /** Rules refused while loading (parse errors included), for the status. */
        refusedRules: number;
      }
    | {
        /** The rule catalog: its set in force is taken at the start of each batch (hot swap). */
        ruleCatalog: RuleSetSource;
      }
  ),
): DetectionService {
  const { store, bus, log } = deps;
  const detectors = deps.detectors ?? [];
  const source: RulesOfDetection =
    'ruleCatalog' in deps
      ? {
          current: () => deps.ruleCatalog.current(),
          refused: () => deps.ruleCatalog.current().compiled.rejections.length,
          full: () => deps.ruleCatalog.current().compiled.full,
        }
      : fixedRules(deps.engine, deps.refusedRules);
  /*
   * The correlation windows belong to one rule set: their rules, correlations and (stance-scaled) thresholds.
   * When the catalog swaps the set, the windows are rebuilt for the new one from the event store, exactly as
   * after a restart (correlation-state.ts), before the next batch is evaluated.
   */
  let inForce = source.current();
  let correlation = createCorrelationState({ store, log, engine: inForce.engine, options: deps.correlator });
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let unsubscribe: (() => void) | null = null;

  /** The set for the next batch: events are evaluated against the set in force when their batch starts. */
  function takeRuleSet(): RulesInForce {
    const next = source.current();
    if (next.version !== inForce.version) {
      inForce = next;
      correlation = createCorrelationState({ store, log, engine: next.engine, options: deps.correlator });
    }
    return inForce;
  }

  /** The alerts of correlation hits: their contributing events' ids (and departments) come from the store. */
  async function correlationAlerts(
    db: Queryable,
    fired: readonly { hit: CorrelationHit; event: AlertedEvent }[],
    at: string,
  ) {
    if (fired.length === 0) return [];
    const refs = await eventRefsBySeq(db, [...new Set(fired.flatMap(({ hit }) => hit.events))]);
    const contributing = (hit: CorrelationHit) => hit.events.flatMap((seq) => refs.get(seq) ?? []);
    return fired.map(({ hit, event }) => correlationAlert(hit, event, contributing(hit), at));
  }

  /** Alerts raised between batches (detectors' `due`), written on their own. */
  async function raise(alerts: Insertable<AlertsTable>[]) {
    if (alerts.length === 0) return;
    await insertAlerts(store.db, alerts);
    await bus.publish('alerts.raised', { count: alerts.length });
  }

  async function processBatch(): Promise<number> {
    const rules = takeRuleSet();
    // This batch's windows: a swap during it (the status asking) replaces the variable, not these.
    const windows = correlation;
    const checkpoint = await readCheckpoint(store.db, SIGMA_CONSUMER);
    if (!windows.ready) await windows.rebuild(checkpoint);
    const events = await readEventsAfter(store.db, checkpoint, BATCH);
    const last = events.at(-1);
    const at = new Date().toISOString();
    if (!last) {
      await raise(detectors.flatMap((detector) => detector.due(at)));
      return 0;
    }
    const alerts = await evaluate(store.db, events, rules, windows, at);
    await store.db.transaction().execute(async (trx) => {
      await insertAlerts(trx, alerts);
      await writeCheckpoint(trx, SIGMA_CONSUMER, last.seq, at);
    });
    if (alerts.length > 0) await bus.publish('alerts.raised', { count: alerts.length });
    return events.length;
  }

  /** The alerts of a batch of stored events, in commit order; correlation hits read their events through `db`. */
  async function evaluate(
    db: Queryable,
    events: readonly DetectedRow[],
    rules: RulesInForce,
    windows: typeof correlation,
    at: string,
  ): Promise<Insertable<AlertsTable>[]> {
    const { engine } = rules;
    const silentRules = engine.correlations.silentRules;
    const alerts: Insertable<AlertsTable>[] = [];
    const fired: { hit: CorrelationHit; event: AlertedEvent }[] = [];
    for (const row of events) {
      let event: AlertedEvent;
      let sigmaEvent: SigmaEvent;
      let hits: SigmaRule[];
      try {
        const document = JSON.parse(row.document) as Record<string, unknown>;
        event = { ...row, document };
        sigmaEvent = detectionEvent(document, row);
        hits = engine.match(sigmaEvent);
      } catch (error) {
        // One malformed stored event must not stop detection for everything after it.
        log.error({ err: error, eventId: row.id }, 'detection failed on an event');
        continue;
      }
      // Rules referenced only by correlations with generate: false report through the correlation alone.
      for (const rule of hits) {
        if (silentRules.has(rule.id) || rules.suppressed(rule.id, event.department_id)) continue;
        alerts.push(ruleAlert(rule, event, at));
      }
      for (const hit of windows.observe(row, sigmaEvent, hits)) fired.push({ hit, event });
      for (const detector of detectors) alerts.push(...detector.observe(event, at));
    }
    // A correlation disabled for a department (or uploaded for another) raises nothing for its events there.
    const correlated = await correlationAlerts(db, fired, at);
    alerts.push(...correlated.filter((alert) => !rules.suppressed(alert.rule_id, alert.department_id ?? null)));
    for (const detector of detectors) alerts.push(...detector.due(at));
    return alerts;
  }

  async function detectStreamed(storeBatch: (trx: Queryable, copy: CopyIn | null) => Promise<readonly EventKey[]>) {
    const rules = takeRuleSet();
    const windows = correlation;
    // Outside the transaction: SQLite has one connection, which the transaction holds. The windows start from
    // everything stored so far (all partitions), as there is no checkpoint of this node's own.
    if (!windows.ready) await windows.rebuild(await latestEventSeq(store.db));
    const at = new Date().toISOString();
    let result: { events: number; alerts: number };
    try {
      result = await store.bulkTransaction(async (trx, copy) => {
        const events = await readEventsByKeys(trx, await storeBatch(trx, copy));
        const alerts = await evaluate(trx, events, rules, windows, at);
        await insertAlerts(trx, alerts);
        return { events: events.length, alerts: alerts.length };
      });
    } catch (error) {
      windows.invalidate();
      throw error;
    }
    if (result.alerts > 0) await bus.publish('alerts.raised', { count: result.alerts });
    return result;
  }

  async function catchUp(): Promise<number> {
    let total = 0;
    for (;;) {
      let n: number;
      try {
        n = await processBatch();
      } catch (error) {
        // The windows saw events whose batch was not committed: rebuild them from the store before retrying.
        correlation.invalidate();
        throw error;
      }
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

  // Explanations use every valid rule, on or off: an alert raised before its rule was disabled still says why.
  const explanations = createAlertExplanations({ store, engine: () => source.full() });

  return {
    get ruleCount() {
      return source.current().engine.rules.length;
    },
    explainAlert: (actor, alertId) => explanations.explain(actor, alertId),
    async status() {
      const rules = takeRuleSet();
      const [checkpointSeq, latestSeq] = await Promise.all([
        readCheckpoint(store.db, SIGMA_CONSUMER),
        latestEventSeq(store.db),
      ]);
      return {
        rules: rules.engine.rules.length,
        refusedRules: source.refused(),
        checkpointSeq,
        latestSeq,
        lag: Math.max(0, latestSeq - checkpointSeq),
        correlations: correlation.status(),
      };
    },
    start() {
      if (running) return;
      running = true;
      if ('ruleCatalog' in deps) deps.ruleCatalog.start();
      unsubscribe = bus.subscribe('events.committed', () => wake?.());
      loop = follow();
    },
    catchUp,
    detectStreamed,
    resetCorrelation: () => correlation.invalidate(),
    scopeAssets(owns) {
      for (const detector of detectors) detector.scope?.(owns);
    },
    async raiseDue() {
      const alerts = detectors.flatMap((detector) => detector.due(new Date().toISOString()));
      await raise(alerts);
      return alerts.length;
    },
    async stop() {
      running = false;
      if ('ruleCatalog' in deps) deps.ruleCatalog.close();
      unsubscribe?.();
      wake?.();
      await loop;
    },
  };
}

/** A rule set that never changes, for a fixed engine: nothing is suppressed. */
function fixedRules(engine: DetectionEngine, refused: number): RulesOfDetection {
  const set: RulesInForce = { version: 0, engine, suppressed: () => false };
  return { current: () => set, refused: () => refused, full: () => engine };
}
