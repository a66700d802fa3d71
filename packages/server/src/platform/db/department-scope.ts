import type { DepartmentScope } from '@citysoc/core';
import { sql, type Expression, type ExpressionBuilder, type ReferenceExpression, type SqlBool } from 'kysely';

/**
 * The one place where department scoping becomes SQL. Every repository query over department-owned rows
 * passes its department column and the caller's scope here, so no query can forget the filter.
 * An empty grant list matches nothing (not everything).
 */
export function inDepartmentScope<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  column: ReferenceExpression<DB, TB>,
  scope: DepartmentScope,
): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`1 = 1`;
  if (scope.ids.length === 0) return sql<SqlBool>`1 = 0`;
  return eb(column, 'in', [...scope.ids]);
}
