import { AlertCorrelation, type CorrelationStatus } from '@citysoc/core';
import {
  type CompiledCorrelations,
  type CorrelationHit,
  type Correlator,
  type CorrelatorOptions,
  createCorrelator,
  type SigmaEvent,
  type SigmaRule,
} from '@citysoc/core/sigma';
import type { Store } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import { alertsOfRulesSince, firstEventSeqSince, newestEventTime, readEventRange } from './correlation.repository.ts';
import { detectionEvent } from './detection-event.ts';
import type { DetectionEngine } from './detection-rules.ts';

const REPLAY_PAGE = 1000;
/** Event times further ahead of the wall clock than this are wrong clocks, not the present of the rebuild. */
const FUTURE_SKEW_MS = 60 * 60_000;

/** A committed event as the correlator sees it: its commit order and its time (the stored `@timestamp`). */
export interface CorrelatedEvent {
  seq: number;
  ts: string;
}

/**
 * The in-memory correlation windows of the detection pipeline. Events are fed in commit order, each once;
 * the windows are rebuilt from the event store when detection starts and after a failed batch.
 */
export interface CorrelationState {
  /** False until `rebuild` ran: at start, and after `invalidate`. */
  readonly ready: boolean;
  /** Forgets everything and rebuilds the windows from the events committed up to `checkpoint`, raising nothing. */
  rebuild(checkpoint: number): Promise<void>;
  /** Marks the windows stale (a batch they saw was not committed): the next batch rebuilds first. */
  invalidate(): void;
  /**
   * Feeds one event's rule hits; returns the correlations that fired (those to alert on). An event at or
   * before one already fed (the checkpoint was moved back) is not fed twice.
   */
  observe(event: CorrelatedEvent, sigmaEvent: SigmaEvent, hits: readonly SigmaRule[]): CorrelationHit[];
  status(): CorrelationStatus;
}

/**
 * How far back in event time a correlation's windows reach: its timespan, plus the reach of the correlations
 * it is built on (an inner hit stands for matches up to one inner timespan older than it).
 */
function longestReach(compiled: CompiledCorrelations): number {
  const byIndex = new Map(compiled.correlations.map((c) => [c.index, c]));
  const reach = (index: number): number => {
    const c = byIndex.get(index)!;
    const inner = c.sources.map((s) => (s.target.kind === 'correlation' ? reach(s.target.index) : 0));
    return c.correlation.timespanMs + Math.max(0, ...inner);
  };
  return Math.max(0, ...compiled.correlations.map((c) => reach(c.index)));
}

/** One correlation and group: how a replayed hit is compared with an alert raised before the restart. */
const hitKey = (key: string, groupBy: readonly string[], group: Readonly<Record<string, unknown>>) =>
  `${key}\n${JSON.stringify(groupBy.map((g) => group[g] ?? null))}`;

export function createCorrelationState(deps: {
  store: Store;
  log: Logger;
  engine: DetectionEngine;
  options?: CorrelatorOptions;
}): CorrelationState {
  const { store, log, engine } = deps;
  const compiled = engine.correlations;
  const groupByOf = new Map(compiled.correlations.map((c) => [c.correlation.key, c.correlation.groupBy]));
  const referenced = new Set(engine.correlatedRules.rules.map((r) => r.id));
  const reach = longestReach(compiled);
  let correlator: Correlator = createCorrelator(compiled, deps.options);
  let ready = compiled.correlations.length === 0;
  /** The newest commit fed to the correlator. */
  let fedSeq = 0;
  let replayedEvents = 0;
  let replayMismatches = 0;

  function feed(event: CorrelatedEvent, sigmaEvent: SigmaEvent, hits: readonly SigmaRule[]): CorrelationHit[] {
    const correlated = hits.filter((rule) => referenced.has(rule.id));
    if (correlated.length === 0) return [];
    // The stored ts is the event's @timestamp, the time `citysoc rules match` correlates on (eventTime), and
    // the column the rebuild selects its window by: live windows and rebuilt ones agree.
    const time = Date.parse(event.ts);
    if (Number.isNaN(time)) {
      log.warn({ seq: event.seq, ts: event.ts }, 'event time unreadable: not correlated');
      return [];
    }
    return correlator.observe(
      correlated.map((rule) => ({ ruleId: rule.id, event: sigmaEvent, time, eventIndex: event.seq })),
    );
  }

  /** Where each correlation fired before the restart, by completing event id: the hit keys recorded there. */
  async function recordedHits(from: string): Promise<Map<string, { key: string; group: Record<string, unknown> }[]>> {
    const rows = await alertsOfRulesSince(store.db, [...groupByOf.keys()], from);
    const byEvent = new Map<string, { key: string; group: Record<string, unknown> }[]>();
    for (const row of rows) {
      const parsed = AlertCorrelation.safeParse((JSON.parse(row.document) as { correlation?: unknown }).correlation);
      if (!parsed.success) continue; // a base rule sharing a correlation's key: not a correlation hit
      byEvent.set(row.event_id, [...(byEvent.get(row.event_id) ?? []), { key: row.rule_id, group: parsed.data.group }]);
    }
    return byEvent;
  }

  /*
   * Why a replay and not a table of windows: the windows are a function of the correlated matches within the
   * longest reach, and the event store already holds those events, in commit order, with their times; the
   * alerts table records where correlations fired. Persisting windows would mean a write per matching event
   * and a second copy of state that must agree with the checkpoint. So on start the events committed up to
   * the checkpoint whose time is within the longest reach of the newest event time are read again (seq order,
   * as they were first read) and fed to a fresh correlator through the correlated rules only, raising nothing:
   * those events were evaluated before, and their alerts were committed with the checkpoint. Events after the
   * checkpoint then run normally, and as a correlation alert is keyed by (correlation, completing event), one
   * raised before a crash is not raised again.
   *
   * The replay starts with empty windows, so near its start it may miss matches the first run had, and fire
   * where the first run did not, or not fire where it did. Each of those moves a group's reset point; the
   * recorded alerts put it back: where a correlation fired before (its alert exists), the replayed group is
   * reset at that event whatever the replay did. For one level of correlation with a measure that only grows
   * as matches arrive (counts, distinct values, temporal) and a gt/gte condition, the rebuilt windows then
   * agree with the lost ones for every later event that arrives in time order; through chains, value_avg or
   * lt/lte conditions they may differ. Replay hits with no alert are counted in `replayMismatches`.
   */
  async function rebuild(checkpoint: number): Promise<void> {
    correlator = createCorrelator(compiled, deps.options);
    fedSeq = checkpoint;
    replayedEvents = 0;
    replayMismatches = 0;
    const start = await replayStart(checkpoint);
    if (start !== null) await replay(start, checkpoint);
    ready = true;
  }

  /** Where the replay starts in time and in commit order, or null when nothing before the checkpoint is in reach. */
  async function replayStart(checkpoint: number): Promise<{ time: string; afterSeq: number } | null> {
    if (compiled.correlations.length === 0 || checkpoint === 0) return null;
    const notAfter = new Date(Date.now() + FUTURE_SKEW_MS).toISOString();
    const newest = await newestEventTime(store.db, checkpoint, notAfter);
    if (newest === null) return null;
    const time = new Date(Date.parse(newest) - reach).toISOString();
    const firstSeq = await firstEventSeqSince(store.db, time);
    return firstSeq === null || firstSeq > checkpoint ? null : { time, afterSeq: firstSeq - 1 };
  }

  async function replay(start: { time: string; afterSeq: number }, checkpoint: number): Promise<void> {
    const started = performance.now();
    const from = start.time;
    const recorded = await recordedHits(from);
    for (let after = start.afterSeq; ;) {
      const page = await readEventRange(store.db, after, checkpoint, REPLAY_PAGE);
      for (const event of page) {
        if (event.ts < from) continue; // committed late with an older time: outside the window
        replayedEvents++;
        let sigmaEvent: SigmaEvent;
        let hits: SigmaRule[];
        try {
          sigmaEvent = detectionEvent(JSON.parse(event.document) as Record<string, unknown>, event);
          hits = engine.correlatedRules.match(sigmaEvent);
        } catch (error) {
          // As in the live pipeline: one malformed stored event must not stop the rest.
          log.error({ err: error, eventId: event.id }, 'correlation rebuild failed on an event');
          continue;
        }
        reconcile(feed(event, sigmaEvent, hits), recorded.get(event.id) ?? []);
      }
      const last = page.at(-1);
      if (!last || page.length < REPLAY_PAGE) break;
      after = last.seq;
    }
    log.info(
      { from, checkpoint, replayedEvents, replayMismatches, ms: Math.round(performance.now() - started) },
      'correlation windows rebuilt from the event store',
    );
  }

  /** Resets the groups that fired at this event before the restart; counts replay hits that did not. */
  function reconcile(
    fired: readonly CorrelationHit[],
    recorded: readonly { key: string; group: Record<string, unknown> }[],
  ) {
    const recordedKeys = new Set(recorded.map((r) => hitKey(r.key, groupByOf.get(r.key) ?? [], r.group)));
    const firedKeys = new Set(fired.map((h) => hitKey(h.correlation.key, h.correlation.groupBy, h.group)));
    for (const key of firedKeys) if (!recordedKeys.has(key)) replayMismatches++;
    for (const r of recorded) {
      if (!firedKeys.has(hitKey(r.key, groupByOf.get(r.key) ?? [], r.group))) correlator.resetGroup(r.key, r.group);
    }
  }

  return {
    get ready() {
      return ready;
    },
    rebuild,
    invalidate() {
      if (compiled.correlations.length > 0) ready = false;
    },
    observe(event, sigmaEvent, hits) {
      if (!ready) throw new Error('correlation windows are stale: rebuild before feeding events');
      if (event.seq <= fedSeq) return [];
      fedSeq = event.seq;
      return feed(event, sigmaEvent, hits);
    },
    status() {
      return { rules: compiled.correlations.length, ...correlator.stats(), replayedEvents, replayMismatches };
    },
  };
}
