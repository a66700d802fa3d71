import {
  ConflictError,
  type CreateDepartment,
  type Department,
  NotFoundError,
  type Principal,
  requirePermission,
  type UpdateDepartment,
} from '@citysoc/core';
import type { Store } from '../../platform/db/database.ts';
import { constraintViolation } from '../../platform/db/constraint-errors.ts';
import type { AuditLog } from '../audit/index.ts';
import {
  countDepartments,
  deleteDepartmentRow,
  findDepartment,
  insertDepartment,
  listDepartments,
  updateDepartmentRow,
} from './departments.repository.ts';

export interface DepartmentsService {
  list(actor: Principal): Promise<Department[]>;
  count(actor: Principal): Promise<number>;
  get(actor: Principal, id: string): Promise<Department>;
  create(actor: Principal, input: CreateDepartment): Promise<Department>;
  update(actor: Principal, id: string, changes: UpdateDepartment): Promise<Department>;
  /** Refused with ConflictError while users, tokens or other objects still belong to the department. */
  remove(actor: Principal, id: string): Promise<void>;
}

export function createDepartmentsService(deps: {
  store: Store;
  audit: AuditLog;
  now?: () => Date;
}): DepartmentsService {
  const { store, audit } = deps;
  const now = deps.now ?? (() => new Date());

  async function get(actor: Principal, id: string, db = store.db): Promise<Department> {
    requirePermission(actor, 'departments.read');
    const department = await findDepartment(db, actor.departments, id);
    if (!department) throw new NotFoundError(`Department '${id}' not found`);
    return department;
  }

  return {
    list(actor) {
      requirePermission(actor, 'departments.read');
      return listDepartments(store.db, actor.departments);
    },

    count(actor) {
      requirePermission(actor, 'departments.read');
      return countDepartments(store.db, actor.departments);
    },

    get: (actor, id) => get(actor, id),

    async create(actor, input) {
      requirePermission(actor, 'departments.manage');
      const at = now().toISOString();
      try {
        return await audit.transact(actor, async (trx, record) => {
          await insertDepartment(trx, { ...input, created_at: at, updated_at: at });
          const department = await get(actor, input.id, trx);
          record({
            action: 'department.create',
            targetType: 'department',
            targetId: department.id,
            departmentId: department.id,
            after: department,
            details: { name: department.name },
          });
          return department;
        });
      } catch (error) {
        if (constraintViolation(error) === 'unique') throw new ConflictError(`Department '${input.id}' already exists`);
        throw error;
      }
    },

    async update(actor, id, changes) {
      requirePermission(actor, 'departments.manage');
      return audit.transact(actor, async (trx, record) => {
        const before = await get(actor, id, trx);
        await updateDepartmentRow(trx, id, { ...changes, updated_at: now().toISOString() });
        const after = await get(actor, id, trx);
        record({
          action: 'department.update',
          targetType: 'department',
          targetId: id,
          departmentId: id,
          before,
          after,
          details: { changed: Object.keys(changes) },
        });
        return after;
      });
    },

    async remove(actor, id) {
      requirePermission(actor, 'departments.manage');
      try {
        await audit.transact(actor, async (trx, record) => {
          const before = await get(actor, id, trx);
          await deleteDepartmentRow(trx, id);
          record({
            action: 'department.delete',
            targetType: 'department',
            targetId: id,
            departmentId: id,
            before,
            details: { name: before.name },
          });
        });
      } catch (error) {
        if (constraintViolation(error) === 'foreign_key') {
          throw new ConflictError(
            `Department '${id}' still has users, tokens or other objects; move or remove them first`,
          );
        }
        throw error;
      }
    },
  };
}
