import {
  canSeeDepartment,
  ConflictError,
  CreateTeam,
  InputError,
  isDomainError,
  type Principal,
  requirePermission,
  SYSTEM_PRINCIPAL,
  type Team,
  type User,
} from '@citysoc/core';
import { v7 as timeOrderedUuid } from 'uuid';
import { constraintViolation } from '../../platform/db/constraint-errors.ts';
import type { UsersService } from '../accounts/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { Store } from '../../platform/db/database.ts';
import { findTeam, insertTeam, listTeams, teamNameTaken, type TeamRow } from './teams.repository.ts';

function toTeam(row: TeamRow, users: ReadonlyMap<string, User>): Team {
  const person = (id: string) => ({ id, username: users.get(id)?.username ?? id });
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    departmentId: row.department_id,
    members: row.member_ids.map(person),
    onCall: row.on_call_user_id === null ? null : person(row.on_call_user_id),
    createdAt: row.created_at,
  };
}

/**
 * Teams of specialist operators (network, OT/SCADA, data protection, physical security): a department's
 * own, or city-wide. Incidents and tasks are assigned to a team or a person; the on-call member is who a later
 * notification feature pages first.
 */
export function createTeamsService(deps: { store: Store; audit: AuditLog; users: UsersService; now?: () => Date }) {
  const { store, audit, users } = deps;
  const now = deps.now ?? (() => new Date());

  async function userMap(): Promise<Map<string, User>> {
    return new Map((await users.list(SYSTEM_PRINCIPAL)).map((u) => [u.id, u]));
  }

  return {
    async list(actor: Principal): Promise<Team[]> {
      requirePermission(actor, 'incidents.read');
      const [rows, map] = await Promise.all([listTeams(store.db, actor.departments), userMap()]);
      return rows.map((row) => toTeam(row, map));
    },

    async create(actor: Principal, input: unknown): Promise<Team> {
      requirePermission(actor, 'incidents.manage');
      const request = CreateTeam.parse(input);
      if (request.departmentId === null && !actor.departments.all) {
        throw new InputError('Only city-wide roles may create a city-wide team');
      }
      if (request.departmentId !== null && !canSeeDepartment(actor, request.departmentId)) {
        throw new InputError(`Department '${request.departmentId}' not found`);
      }
      const map = await userMap();
      const members = [...new Set([...request.memberIds, ...(request.onCallId ? [request.onCallId] : [])])];
      for (const id of members) if (!map.has(id)) throw new InputError(`User '${id}' not found`);
      const at = now().toISOString();
      const id = timeOrderedUuid();
      try {
        await audit.transact(actor, async (trx, record) => {
          if (await teamNameTaken(trx, request.name)) throw new ConflictError(`Team '${request.name}' already exists`);
          await insertTeam(
            trx,
            {
              id,
              name: request.name,
              description: request.description,
              department_id: request.departmentId,
              on_call_user_id: request.onCallId,
              created_at: at,
              updated_at: at,
            },
            members,
          );
          record({
            action: 'team.create',
            targetType: 'team',
            targetId: id,
            departmentId: request.departmentId,
            details: { name: request.name, members: members.length },
          });
        });
      } catch (error) {
        if (isDomainError(error)) throw error;
        if (constraintViolation(error) === 'foreign_key') throw new InputError('The department does not exist');
        if (constraintViolation(error) === 'unique') throw new ConflictError(`Team '${request.name}' already exists`);
        throw error;
      }
      const row = await findTeam(store.db, actor.departments, id);
      return toTeam(row!, map);
    },
  };
}

export type TeamsService = ReturnType<typeof createTeamsService>;
