import {
  type AlertRule,
  type Atom,
  buildIndicatorIndex,
  defaultHalfLifeDays,
  type IndicatorIndex,
  IntelIndicator,
  isPrepared,
  matchEvent,
  observablesOf,
  type PreparedIndicator,
  prepareIndicator,
  type WarninglistSuppressor,
} from '@citysoc/core';
import type { Insertable } from 'kysely';
import type { Bus } from '../../platform/bus/bus.ts';
import type { Store } from '../../platform/db/database.ts';
import type { AlertsTable } from '../../platform/db/schema.ts';
import type { Logger } from '../../platform/log.ts';
import { alertRow, type EventDetector } from '../detection/index.ts';
import { activeIndicators } from './indicators.repository.ts';
import { recordSightings, type Sighting } from './sightings.repository.ts';

const INDICATOR_RULE: Omit<AlertRule, 'title' | 'level'> = {
  id: 'citysoc-intel-indicator',
  description:
    'An event names an address, domain, URL, file hash or e-mail address that threat intelligence marks as ' +
    'malicious. The indicator, its source and its current (decayed) score are in the alert.',
  author: 'CitySOC',
  references: [],
  tags: ['citysoc.intel'],
  falsepositives: ['Shared hosting and CDN addresses', 'Stale indicators from low-confidence feeds'],
};
/** Indicators are reloaded this often even without changes: validity windows open and close, scores decay. */
const RELOAD_MS = 15 * 60_000;

export interface IndicatorDetector extends EventDetector {
  /** Rebuilds the index from the store now (also after every `intel.changed`). */
  reload(): Promise<void>;
  stats(): { indicators: number; loadedAt: string | null };
  /** The indicators in the index and the known-benign test it applied: what blocklists are built from. */
  active(): { indicators: readonly PreparedIndicator[]; benign: (clause: readonly Atom[]) => string | null };
  close(): Promise<void>;
}

function level(score: number): string {
  return score >= 75 ? 'high' : score >= 50 ? 'medium' : 'low';
}

/**
 * Indicator matching in the detection pipeline: every committed event's addresses, domains (and parent
 * domains), URLs, hashes and e-mail addresses are looked up in an in-memory index of the active indicators
 * (core `matchEvent`, O(observables) per event). A hit raises one alert per (indicator, event) and counts a
 * sighting per (indicator, value, department), written in the background.
 */
export function createIndicatorDetector(deps: {
  store: Store;
  bus: Bus;
  log: Logger;
  /** Known-benign values (MISP warninglists): clauses naming only such values are left out of the index. */
  suppressor?: WarninglistSuppressor | null;
  now?: () => number;
}): IndicatorDetector {
  const { store, bus, log } = deps;
  const now = deps.now ?? Date.now;
  let index: IndicatorIndex<PreparedIndicator> | null = null;
  let count = 0;
  let loaded: readonly PreparedIndicator[] = [];
  let loadedAt: string | null = null;
  let pending = new Map<string, Sighting>();

  async function reload() {
    const at = new Date(now()).toISOString();
    const rows = await activeIndicators(store.db, at);
    const prepared: PreparedIndicator[] = [];
    for (const row of rows) {
      const record = IntelIndicator.safeParse({
        id: row.id,
        source: row.source_id,
        name: row.name,
        pattern: row.pattern,
        patternVersion: '2.1',
        validFrom: row.valid_from,
        validUntil: row.valid_until,
        lastSeen: null,
        confidence: row.confidence,
        halfLifeDays: null,
        tlp: row.tlp,
        tags: JSON.parse(row.labels) as string[],
        suppressedBy: row.suppressed_by,
      });
      if (!record.success) continue;
      const compiled = prepareIndicator(record.data);
      // Without a half-life from the source, the score decays by what the pattern looks for (score.ts).
      if (isPrepared(compiled)) prepared.push({ ...compiled, halfLifeDays: defaultHalfLifeDays(compiled.pattern) });
    }
    const suppressor = deps.suppressor ?? null;
    index = buildIndicatorIndex(prepared, suppressor ? { suppress: (clause) => suppressor.benignClause(clause) } : {});
    count = prepared.length;
    loaded = prepared;
    loadedAt = at;
  }

  /** The sightings being written: a flush waits for the one before it, so `close` waits for every write. */
  let recording: Promise<void> = Promise.resolve();
  function flushSightings(): Promise<void> {
    if (pending.size === 0) return recording;
    const batch = [...pending.values()];
    pending = new Map();
    recording = recording.then(() =>
      recordSightings(store.db, batch).catch((error: unknown) =>
        log.error({ err: error }, 'could not record sightings'),
      ),
    );
    return recording;
  }

  const unsubscribe = bus.subscribe('intel.changed', () =>
    reload().catch((error: unknown) => log.error({ err: error }, 'could not reload indicators')),
  );
  const timer = setInterval(
    () => void reload().catch((error: unknown) => log.error({ err: error }, 'could not reload indicators')),
    RELOAD_MS,
  );
  timer.unref();
  void reload().catch((error: unknown) => log.error({ err: error }, 'could not load indicators'));

  return {
    observe(event, at): Insertable<AlertsTable>[] {
      if (index === null || count === 0) return [];
      const hits = matchEvent(index, observablesOf(event.document as Record<string, unknown>), now());
      if (hits.length === 0) return [];
      return hits.map((hit) => {
        const record = hit.indicator.record;
        const value = String(hit.value);
        const key = `${record.id}\u0000${value}\u0000${event.department_id ?? '*'}`;
        const seen = pending.get(key);
        if (seen) {
          seen.count += 1;
          seen.lastSeen = at;
          seen.lastEventId = event.id;
        } else {
          pending.set(key, {
            indicatorId: record.id,
            value,
            departmentId: event.department_id ?? '*',
            firstSeen: at,
            lastSeen: at,
            count: 1,
            lastEventId: event.id,
          });
        }
        const rule: AlertRule = {
          ...INDICATOR_RULE,
          id: `${INDICATOR_RULE.id}:${record.id}`,
          title: `Indicator sighted: ${value} in ${hit.field} (${record.name ?? record.source}, score ${Math.round(hit.score)})`,
          level: level(hit.score),
          references: [`${record.source}:${record.id}`],
        };
        return alertRow(rule, event, at, event.department_id);
      });
    },

    due() {
      void flushSightings();
      return [];
    },

    reload,
    stats: () => ({ indicators: count, loadedAt }),
    active: () => ({
      indicators: loaded,
      benign: (clause) => deps.suppressor?.benignClause(clause) ?? null,
    }),
    async close() {
      unsubscribe();
      clearInterval(timer);
      await flushSightings();
    },
  };
}
