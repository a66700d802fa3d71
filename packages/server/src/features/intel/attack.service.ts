import {
  type AttackCatalogue,
  attackCatalogue,
  attackCoverage,
  type AttackCoverage,
  type AttackDomain,
  type AttackTechnique,
  attackTechniqueIds,
  NotFoundError,
  type Principal,
  requirePermission,
} from '@citysoc/core';
import type { Bus } from '../../platform/bus/bus.ts';
import type { Store } from '../../platform/db/database.ts';
import { alertCountsByRule, alertRuleTags, attackObjects } from './attack.repository.ts';

const DAY_MS = 86_400_000;

export interface RuleTags {
  readonly id: string;
  readonly title: string;
  readonly tags: readonly string[];
}

export interface TechniqueView extends AttackTechnique {
  domain: AttackDomain;
  /** Enabled rules tagged with the technique (or, for a technique, with one of its sub-techniques). */
  rules: { id: string; title: string }[];
  alerts_30d: number;
}

/**
 * The ATT&CK catalogue (imported like any intelligence: `citysoc intel import` of MITRE's bundles) and the
 * city's detection coverage over it: which enabled rules detect each technique and how many alerts each raised in
 * the last 30 days, in the reader's departments. The catalogue is parsed once per domain and dropped when
 * intelligence changes.
 */
export function createAttackService(deps: {
  store: Store;
  bus: Bus;
  /** The rules running now (enabled), with their Sigma tags. */
  enabledRules: () => readonly RuleTags[];
  now?: () => number;
}) {
  const { store, bus } = deps;
  const now = deps.now ?? Date.now;
  let objects: Promise<Record<string, unknown>[]> | null = null;
  const catalogues = new Map<AttackDomain, Promise<AttackCatalogue>>();
  const unsubscribe = bus.subscribe('intel.changed', () => {
    objects = null;
    catalogues.clear();
  });

  function catalogue(domain: AttackDomain): Promise<AttackCatalogue> {
    let cached = catalogues.get(domain);
    if (!cached) {
      objects ??= attackObjects(store.db);
      cached = objects.then((all) => attackCatalogue(all, domain));
      // A failed read is not cached: the next request tries again.
      cached.catch(() => catalogues.delete(domain));
      catalogues.set(domain, cached);
    }
    return cached;
  }

  /** Alerts of the last 30 days per technique id, in the actor's departments. */
  async function alertsByTechnique(actor: Principal, rules: readonly RuleTags[]): Promise<Map<string, number>> {
    const since = new Date(now() - 30 * DAY_MS).toISOString();
    const tagsByRule = new Map(rules.map((r) => [r.id, r.tags]));
    const counts = new Map<string, number>();
    for (const row of await alertCountsByRule(store.db, since, actor.departments)) {
      const tags = tagsByRule.get(row.rule_id) ?? (await alertRuleTags(store.db, row.rule_id));
      for (const id of attackTechniqueIds(tags)) counts.set(id, (counts.get(id) ?? 0) + Number(row.n));
    }
    return counts;
  }

  return {
    async coverage(actor: Principal, domain: AttackDomain): Promise<AttackCoverage> {
      requirePermission(actor, 'alerts.read');
      const rules = deps.enabledRules();
      return attackCoverage(await catalogue(domain), { rules, alerts: await alertsByTechnique(actor, rules) });
    },

    async technique(actor: Principal, id: string): Promise<TechniqueView> {
      requirePermission(actor, 'alerts.read');
      const upper = id.toUpperCase();
      for (const domain of ['enterprise', 'ics'] as const) {
        const technique = (await catalogue(domain)).techniques.get(upper);
        if (!technique) continue;
        const covers = (tag: string) => tag === upper || (technique.parent === null && tag.startsWith(`${upper}.`));
        const rules = deps.enabledRules();
        const alerts = await alertsByTechnique(actor, rules);
        return {
          ...technique,
          domain,
          rules: rules
            .filter((r) => attackTechniqueIds(r.tags).some(covers))
            .map((r) => ({ id: r.id, title: r.title }))
            .sort((a, b) => a.id.localeCompare(b.id)),
          alerts_30d: [...alerts].reduce((sum, [tag, n]) => (covers(tag) ? sum + n : sum), 0),
        };
      }
      throw new NotFoundError(`ATT&CK technique '${id}' not found (import MITRE ATT&CK with citysoc intel import)`);
    },

    close: unsubscribe,
  };
}

export type AttackService = ReturnType<typeof createAttackService>;
