import type { DepartmentScope } from '@citysoc/core';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';

/** The objects an ATT&CK catalogue is built from, whatever source imported them. */
export async function attackObjects(db: Queryable): Promise<Record<string, unknown>[]> {
  const rows = await db
    .selectFrom('intel_objects')
    .select('document')
    .where('type', 'in', ['x-mitre-matrix', 'x-mitre-tactic', 'attack-pattern'])
    .execute();
  return rows.map((row) => JSON.parse(row.document) as Record<string, unknown>);
}

/** Alerts per rule since a time, in the scope. */
export async function alertCountsByRule(db: Queryable, since: string, scope: DepartmentScope) {
  return db
    .selectFrom('alerts')
    .select(['rule_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('created_at', '>=', since)
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .groupBy('rule_id')
    .execute();
}

/** The tags an alert of this rule carried (the rule as it stood then), for rules no longer loaded. */
export async function alertRuleTags(db: Queryable, ruleId: string): Promise<string[]> {
  const row = await db
    .selectFrom('alerts')
    .select('document')
    .where('rule_id', '=', ruleId)
    .limit(1)
    .executeTakeFirst();
  if (!row) return [];
  const document = JSON.parse(row.document) as { rule?: { tags?: unknown } };
  return Array.isArray(document.rule?.tags) ? document.rule.tags.filter((t): t is string => typeof t === 'string') : [];
}
