import type { InventoryDepartment } from '@citysoc/core';
import type { Queryable } from '../../platform/db/database.ts';
import type { RecordChange } from '../audit/index.ts';
import { findDepartment, insertDepartment, updateDepartmentRow } from './departments.repository.ts';

/**
 * Creates or renames departments inside a caller's audited transaction, for bulk imports that must commit
 * with everything else or not at all. The caller checks `departments.manage` first.
 */
export async function upsertDepartments(
  trx: Queryable,
  record: RecordChange,
  departments: readonly InventoryDepartment[],
  at: string,
): Promise<{ created: number; updated: number }> {
  const counts = { created: 0, updated: 0 };
  for (const department of departments) {
    const before = await findDepartment(trx, { all: true }, department.id);
    const description = department.description ?? before?.description ?? '';
    if (!before) {
      await insertDepartment(trx, {
        id: department.id,
        name: department.name,
        description,
        created_at: at,
        updated_at: at,
      });
      counts.created += 1;
      record({
        action: 'department.create',
        targetType: 'department',
        targetId: department.id,
        departmentId: department.id,
        after: department,
        details: { name: department.name },
      });
    } else if (before.name !== department.name || before.description !== description) {
      await updateDepartmentRow(trx, department.id, { name: department.name, description, updated_at: at });
      counts.updated += 1;
      record({
        action: 'department.update',
        targetType: 'department',
        targetId: department.id,
        departmentId: department.id,
        before,
        after: department,
        details: { changed: ['name', 'description'] },
      });
    }
  }
  return counts;
}
