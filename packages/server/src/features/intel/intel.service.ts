import {
  hasPermission,
  InputError,
  type Principal,
  requirePermission,
  type StixObject,
  stixVersion,
} from '@citysoc/core';
import type { Bus } from '../../platform/bus/bus.ts';
import type { Store } from '../../platform/db/database.ts';
import type { AuditLog } from '../audit/index.ts';
import { ensureSource, listSources, storedVersions, storeObjects } from './intel-objects.repository.ts';
import { type IndicatorRowOptions, indicatorRows } from './indicator-rows.ts';
import { upsertIndicators } from './indicators.repository.ts';

/** The summary `citysoc intel import` prints (a contract): what was stored, what became indicators, what was refused. */
export interface IntelImportSummary {
  objects: number;
  indicators: number;
  rejected: number;
  errors: { index: number; id?: string; reason: string }[];
}

export interface IntelImportOptions extends IndicatorRowOptions {
  /** Intelligence source name (a slug); its objects and indicators are attributed to it. */
  source: string;
  kind: 'stix' | 'misp' | 'csv' | 'taxii';
}

export interface IntelService {
  /**
   * Stores STIX objects (new ids, and newer versions of known ids; older or equal versions are skipped), turns
   * indicator objects into indicators, and tells the matcher to reload. `rejected` adds up what the reader
   * already refused.
   */
  importObjects(
    actor: Principal,
    objects: readonly StixObject[],
    options: IntelImportOptions,
    rejected?: IntelImportSummary['errors'],
  ): Promise<IntelImportSummary & { stored: { id: string; version: string | null }[] }>;
  sources(actor: Principal): Promise<{ id: string; kind: string; description: string }[]>;
}

const SOURCE_NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

export function createIntelService(deps: { store: Store; audit: AuditLog; bus: Bus; now?: () => Date }): IntelService {
  const { store, audit, bus } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async importObjects(actor, objects, options, rejected = []) {
      // TAXII peers write with a taxii-scoped token; everything else needs intelligence management.
      if (!(options.kind === 'taxii' && hasPermission(actor, 'intel.taxii'))) requirePermission(actor, 'intel.manage');
      if (!SOURCE_NAME.test(options.source)) throw new InputError(`Invalid source name '${options.source}'`);
      const at = now().toISOString();
      const result = await audit.transact(actor, async (trx, record) => {
        await ensureSource(
          trx,
          { id: options.source, kind: options.kind, description: '', defaultConfidence: options.confidence ?? null },
          at,
        );
        // Within one import the last copy of an id wins, as it would if the copies came one by one.
        const latest = new Map<string, StixObject>();
        for (const object of objects) {
          const seen = latest.get(object.id);
          if (!seen || (stixVersion(object) ?? '') >= (stixVersion(seen) ?? '')) latest.set(object.id, object);
        }
        const stored = await storedVersions(trx, [...latest.keys()]);
        const fresh = [...latest.values()].filter((object) => {
          if (!stored.has(object.id)) return true;
          const version = stixVersion(object);
          const before = stored.get(object.id) ?? null;
          return version !== null && (before === null || version > before);
        });
        await storeObjects(
          trx,
          fresh.map((object) => ({
            id: object.id,
            type: object.type,
            spec_version: object.spec_version ?? '2.0',
            source_id: options.source,
            modified: stixVersion(object),
            added_at: at,
            document: JSON.stringify(object),
          })),
          fresh.filter((object) => stored.has(object.id)).map((object) => object.id),
        );
        const indicators = indicatorRows(fresh, { ...options, at });
        await upsertIndicators(trx, indicators.rows);
        const errors = [...rejected, ...indicators.errors];
        record({
          action: 'intel.import',
          targetType: 'intel_source',
          targetId: options.source,
          departmentId: null,
          details: {
            objects: fresh.length,
            indicators: indicators.rows.length,
            rejected: errors.length,
            kind: options.kind,
          },
        });
        return {
          objects: fresh.length,
          indicators: indicators.rows.length,
          rejected: errors.length,
          errors: errors.slice(0, 100),
          stored: fresh.map((object) => ({ id: object.id, version: stixVersion(object) })),
        };
      });
      if (result.objects > 0) await bus.publish('intel.changed', { source: options.source });
      return result;
    },

    async sources(actor) {
      requirePermission(actor, 'intel.read');
      return (await listSources(store.db)).map(({ id, kind, description }) => ({ id, kind, description }));
    },
  };
}
