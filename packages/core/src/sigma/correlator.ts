import {
  type CompiledCorrelation,
  type CompiledCorrelations,
  type CorrelationSource,
  nodeKey,
} from './correlation-compile.ts';
import { type CorrelationHit, type RuleHit } from './correlation-types.ts';
import {
  contributing,
  expireEntries,
  type GroupWindow,
  insertEntry,
  measure,
  satisfies,
} from './correlation-window.ts';
import type { SigmaEvent } from './types.ts';

export interface CorrelatorOptions {
  /** Groups kept per correlation; beyond it the least recently touched group is evicted (default 100,000). */
  maxGroups?: number;
  /** Entries kept per group window; beyond it the oldest is dropped (default 10,000). */
  maxEntriesPerGroup?: number;
}

/** Counters for what the memory bounds cost, so a flood of groups is visible rather than silent. */
export interface CorrelatorStats {
  /** groups currently held, over all correlations */
  groups: number;
  /** groups evicted because a correlation held `maxGroups` */
  evictedGroups: number;
  /** entries dropped because a group held `maxEntriesPerGroup` */
  droppedEntries: number;
  /** matches older than their group's window when they arrived (out-of-order input), ignored */
  lateEntries: number;
}

export interface Correlator {
  /** Feeds the base-rule matches of one event (or of a batch, in event order); returns the correlations that fired. */
  observe(hits: readonly RuleHit[]): CorrelationHit[];
  /**
   * Drops a group's window as a hit of that correlation would (`key` is the correlation's key, `group` its
   * group-by values as a hit reports them). For a caller rebuilding state by replaying input whose hits were
   * already reported: where the original run fired, the replay resets too. Returns whether the group was held.
   */
  resetGroup(key: string, group: Readonly<Record<string, unknown>>): boolean;
  stats(): CorrelatorStats;
}

interface Input {
  readonly event: SigmaEvent;
  readonly time: number;
  readonly events: readonly number[];
  /** the base event's index, to count an event matching several referenced rules once (null for chained hits) */
  readonly eventIndex: number | null;
}

interface CorrelationState {
  readonly groups: Map<string, GroupWindow>;
  newest: number;
}

/** A fired correlation seen by the correlations that reference it: its group-by values are its fields. */
function groupEvent(group: Record<string, unknown>): SigmaEvent {
  return {
    get: (field) => (Object.hasOwn(group, field) ? group[field] : undefined),
    values: () => Object.values(group),
  };
}

const present = (v: unknown) => v !== undefined && v !== null;

/**
 * Streaming evaluation of a correlation set (`compileCorrelations`). Choices (README):
 * - Windows slide per group: a group's window is [newest match - timespan, newest match], so matches 59 min
 *   apart correlate under `1h` wherever the hour boundaries fall.
 * - A correlation fires when, after a match arrives, its condition holds over the group's window; the group's
 *   state is then reset, so the next hit needs a fresh set of matches (one alert per burst, not per event).
 *   Conditions are checked on arrival, so `lt`/`lte` fire as soon as the first match is below the bound.
 * - A missing group-by field is the group `null`; one event matching several referenced rules counts once
 *   for event_count and value_*; value_count counts an entry only when every `field` is present.
 * - Memory is bounded: `maxGroups` per correlation (least recently touched evicted) and `maxEntriesPerGroup`
 *   per window (oldest dropped); groups whose newest match is a timespan older than the correlation's newest
 *   match are expired. Input is expected in roughly time order; a match older than its group's window is ignored.
 * - A fired correlation feeds the correlations that reference it, at the time of its last match; its hit is
 *   returned only if some referencing correlation has `generate: true` or none references it.
 */
export function createCorrelator(compiled: CompiledCorrelations, options: CorrelatorOptions = {}): Correlator {
  const maxGroups = options.maxGroups ?? 100_000;
  const maxEntries = options.maxEntriesPerGroup ?? 10_000;
  const stats = { evictedGroups: 0, droppedEntries: 0, lateEntries: 0 };
  const listeners = new Map<string, { c: CompiledCorrelation; source: CorrelationSource }[]>();
  const states = new Map<number, CorrelationState>();
  const byKey = new Map<string, CompiledCorrelation>();
  for (const c of compiled.correlations) {
    byKey.set(c.correlation.key, c);
    states.set(c.index, { groups: new Map(), newest: -Infinity });
    for (const source of c.sources) {
      const key = nodeKey(source.target);
      listeners.set(key, [...(listeners.get(key) ?? []), { c, source }]);
    }
  }

  /** The group's window, touched so Map order is least recently used first; evicts past the cap. */
  function windowFor(state: CorrelationState, key: string, group: Record<string, unknown>): GroupWindow {
    const existing = state.groups.get(key);
    if (existing) state.groups.delete(key);
    const window = existing ?? { group, entries: [] };
    state.groups.set(key, window);
    if (state.groups.size > maxGroups) {
      state.groups.delete(state.groups.keys().next().value!);
      stats.evictedGroups++;
    }
    return window;
  }

  function feed(node: string, input: Input, out: CorrelationHit[], counted: Set<string>): void {
    for (const { c, source } of listeners.get(node) ?? []) {
      const { correlation } = c;
      if (input.eventIndex !== null && !correlation.type.startsWith('temporal')) {
        const once = `${c.index}|${input.eventIndex}`;
        if (counted.has(once)) continue;
        counted.add(once);
      }
      const values = source.groupFields.map((f) => input.event.get(f) ?? null);
      const group = Object.fromEntries(correlation.groupBy.map((g, i) => [g, values[i]]));
      const state = states.get(c.index)!;
      const groupKey = JSON.stringify(values);
      const window = windowFor(state, groupKey, group);
      const newest = window.entries.at(-1)?.time ?? -Infinity;
      if (input.time < newest - correlation.timespanMs) {
        stats.lateEntries++;
        continue;
      }
      state.newest = Math.max(state.newest, input.time);
      const fieldValues = correlation.fields.map((f) => input.event.get(f));
      const value = fieldValues.length > 0 && fieldValues.every(present) ? fieldValues : null;
      insertEntry(window, { time: input.time, position: source.position, events: input.events, value });
      expireEntries(window, correlation.timespanMs);
      if (window.entries.length > maxEntries) {
        stats.droppedEntries += window.entries.length - maxEntries;
        window.entries.splice(0, window.entries.length - maxEntries);
      }
      if (!satisfies(measure(correlation.type, window.entries), c.condition)) continue;
      const events = [...new Set(contributing(correlation.type, window.entries).flatMap((e) => e.events))].sort(
        (a, b) => a - b,
      );
      state.groups.delete(groupKey);
      if (c.emits) out.push({ correlation, group: window.group, events });
      feed(
        nodeKey({ kind: 'correlation', index: c.index }),
        { event: groupEvent(window.group), time: input.time, events, eventIndex: null },
        out,
        counted,
      );
    }
  }

  /** Drops groups whose newest match left the window; Map order is touch order, so the scan stops early. */
  function expireGroups(): void {
    for (const c of compiled.correlations) {
      const state = states.get(c.index)!;
      for (const [key, window] of state.groups) {
        const last = window.entries.at(-1)?.time ?? -Infinity;
        if (last >= state.newest - c.correlation.timespanMs) break;
        state.groups.delete(key);
      }
    }
  }

  return {
    observe(hits) {
      const out: CorrelationHit[] = [];
      const counted = new Set<string>();
      for (const hit of hits) {
        const input = { event: hit.event, time: hit.time, events: [hit.eventIndex], eventIndex: hit.eventIndex };
        feed(nodeKey({ kind: 'rule', id: hit.ruleId }), input, out, counted);
      }
      expireGroups();
      return out;
    },
    resetGroup(key, group) {
      const c = byKey.get(key);
      if (!c) return false;
      const values = c.correlation.groupBy.map((g) => group[g] ?? null);
      return states.get(c.index)!.groups.delete(JSON.stringify(values));
    },
    stats() {
      let groups = 0;
      for (const state of states.values()) groups += state.groups.size;
      return { groups, ...stats };
    },
  };
}
