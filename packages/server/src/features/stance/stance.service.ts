import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  activePolicies,
  canSeeDepartment,
  computeStance,
  type EffectiveStancePolicy,
  newStanceOverride,
  NotFoundError,
  parseStancePolicies,
  formatStancePolicyError,
  type Principal,
  requirePermission,
  type StanceChange,
  type StancePolicy,
  type StanceLevel,
  StanceState,
  stanceView,
  type StanceView,
  SYSTEM_PRINCIPAL,
} from '@citysoc/core';
import type { Bus } from '../../platform/bus/bus.ts';
import { createReevaluation } from '../../platform/reevaluation.ts';
import type { Store } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/log.ts';
import type { AuditLog } from '../audit/index.ts';
import type { DepartmentsService } from '../departments/index.ts';
import type { CityModelCache } from '../inventory/index.ts';
import { openIncidentCounts } from '../incidents/index.ts';
import type { VulnsService } from '../vulns/index.ts';
import { gatherSignals, targetedIntel } from './stance-signals.ts';
import { history, insertChange, latestChanges, type ScopeKey, type StanceChangeRow } from './stance.repository.ts';

const DEFAULT_POLICIES_DIR = fileURLToPath(new URL('../../../../../content/stance', import.meta.url));
const EVALUATE_EVERY_MS = 60_000;
const HISTORY = 50;
const CITY: ScopeKey = '*';

/** The policies in a folder; a file with a problem is refused with its name and reason, and logged. */
export function loadStancePolicies(dir: string | undefined, log: Logger): StancePolicy[] {
  const folder = dir ?? DEFAULT_POLICIES_DIR;
  const files = readdirSync(folder)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => ({ name, text: readFileSync(path.join(folder, name), 'utf8') }));
  const { policies, errors } = parseStancePolicies(files);
  for (const error of errors)
    log.warn({ policy: error.file }, `stance policy refused: ${formatStancePolicyError(error)}`);
  return policies;
}

const scopeOf = (key: ScopeKey) =>
  key === CITY ? ({ kind: 'city' } as const) : ({ kind: 'department', departmentId: key } as const);

function toChange(row: StanceChangeRow): StanceChange {
  const state = StanceState.parse(JSON.parse(row.reasons));
  return {
    scope: scopeOf(row.scope),
    at: row.at,
    from: null,
    to: state.level,
    computedLevel: state.computedLevel,
    reasons: state.reasons,
    override: state.override,
  };
}

/**
 * The city's security stance, and each department's: evaluated every minute and after anything that feeds
 * it changes (findings, inventory, alerts, intelligence). A change of level is stored, audited and announced on
 * the bus; so is an override. The state between changes (the cooling clock) is kept in memory and rebuilt from
 * the last stored change on start, so a restart at worst waits one more cooling period before lowering.
 */
export function createStanceService(deps: {
  store: Store;
  audit: AuditLog;
  bus: Bus;
  log: Logger;
  city: CityModelCache;
  vulns: VulnsService;
  departments: DepartmentsService;
  policies: readonly StancePolicy[];
  now?: () => Date;
}) {
  const { store, audit, bus, log, policies } = deps;
  const now = deps.now ?? (() => new Date());
  let states: Map<ScopeKey, StanceState> | null = null;

  async function loaded(): Promise<Map<ScopeKey, StanceState>> {
    states ??= new Map(
      (await latestChanges(store.db)).map((row) => [row.scope, StanceState.parse(JSON.parse(row.reasons))]),
    );
    return states;
  }

  async function record(key: ScopeKey, state: StanceState, previous: StanceState | undefined, actor: Principal) {
    await audit.transact(actor, async (trx, entry) => {
      await insertChange(trx, {
        scope: key,
        level: state.level,
        computed_level: state.computedLevel,
        reasons: JSON.stringify(state),
        override_by: state.override?.by ?? null,
        override_until: state.override?.until ?? null,
        at: state.evaluatedAt,
      });
      entry({
        action: 'stance.change',
        targetType: 'stance',
        targetId: key === CITY ? 'city' : key,
        departmentId: key === CITY ? null : key,
        details: {
          from: previous?.level ?? null,
          to: state.level,
          reasons: state.reasons.map((r) => r.text),
          ...(state.override && { override: state.override.justification }),
        },
      });
    });
    await bus.publish('stance.changed', { scope: key, level: state.level });
  }

  async function evaluateNow(actor: Principal = SYSTEM_PRINCIPAL): Promise<void> {
    const current = await loaded();
    const at = now();
    const model = await deps.city.current();
    const intel = await targetedIntel(store, at.getTime());
    const departments = await deps.departments.list(SYSTEM_PRINCIPAL);
    for (const key of [CITY, ...departments.map((d) => d.id)]) {
      const signals = await gatherSignals(
        deps,
        (department) => openIncidentCounts(store.db, department),
        model,
        key === CITY ? null : key,
        at.getTime(),
        key === CITY ? intel : null,
      );
      const previous = current.get(key);
      const evaluation = computeStance(signals, previous ?? null, policies, at);
      const { changed: _changed, previousLevel: _previousLevel, ...state } = evaluation;
      current.set(key, state);
      if (evaluation.changed) await record(key, state, previous, actor);
    }
  }

  // One evaluation at a time; callers wait for the one that includes their change.
  const reevaluation = createReevaluation({
    what: 'stance evaluation',
    evaluate: (actor?: Principal) => evaluateNow(actor),
    bus,
    log,
    on: ['vulns.changed', 'inventory.changed', 'alerts.raised', 'intel.changed', 'incidents.changed'],
    everyMs: EVALUATE_EVERY_MS,
  });
  const evaluate = reevaluation.run;

  async function view(key: ScopeKey): Promise<StanceView | null> {
    const state = (await loaded()).get(key);
    if (!state) return null;
    const rows = await history(store.db, key, HISTORY);
    const changes = rows.map(toChange).map((change, i, all) => ({ ...change, from: all[i + 1]?.to ?? null }));
    return stanceView(scopeOf(key), state, policies, changes);
  }

  return {
    evaluate,

    /**
     * The policy values in force for a scope ('city' or a department id) at its current level; a department
     * follows the stricter of its own stance and the city's. Level 1 before the first evaluation.
     */
    effectivePolicy(scope: string): EffectiveStancePolicy {
      const level = (key: ScopeKey): StanceLevel => states?.get(key)?.level ?? 1;
      const cityLevel = level(CITY);
      const scopeLevel = scope === 'city' ? cityLevel : Math.max(cityLevel, level(scope));
      return activePolicies(scopeLevel as StanceLevel, policies).effective;
    },

    async current(actor: Principal): Promise<{ city: StanceView | null; departments: StanceView[] }> {
      requirePermission(actor, 'overview.read');
      if (states === null) await evaluate();
      const keys = [...(await loaded()).keys()].filter((k) => k !== CITY && canSeeDepartment(actor, k)).sort();
      const departments = (await Promise.all(keys.map(view))).filter((v): v is StanceView => v !== null);
      return { city: await view(CITY), departments };
    },

    /** Sets (or, with null, clears) a manual override for the city ('city') or a department. */
    async override(actor: Principal, scope: string, request: unknown | null): Promise<StanceView> {
      requirePermission(actor, 'stance.override');
      const key = scope === 'city' ? CITY : scope;
      if (key !== CITY && !canSeeDepartment(actor, key)) throw new NotFoundError(`Department '${scope}' not found`);
      const current = await loaded();
      const previous = current.get(key);
      if (!previous) throw new NotFoundError(`No stance yet for '${scope}'`);
      const override = request === null ? null : newStanceOverride(request, actor.name, now());
      current.set(key, { ...previous, override });
      // Re-evaluate at once: the override (or its removal) changes the level now, and is audited as a change.
      const before = { ...previous };
      await evaluate(actor);
      const after = current.get(key) as StanceState;
      if (after.level === before.level) await record(key, after, before, actor);
      return (await view(key)) as StanceView;
    },

    start: reevaluation.start,
    close: reevaluation.close,
  };
}

export type StanceService = ReturnType<typeof createStanceService>;
