import {
  type Assignee,
  canSeeDepartment,
  hasPermission,
  userPrincipal,
  ConflictError,
  CreateTeam,
  currentOnCall,
  InputError,
  isDomainError,
  NotFoundError,
  type Principal,
  requirePermission,
  SYSTEM_PRINCIPAL,
  type Team,
  UpdateTeam,
  type User,
} from '@citysoc/core';
import { v7 as timeOrderedUuid } from 'uuid';
import { constraintViolation } from '../../platform/db/constraint-errors.ts';
import type { UsersService } from '../accounts/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { Store } from '../../platform/db/database.ts';
import {
  findTeam,
  insertTeam,
  listTeams,
  replaceMembers,
  replaceRotation,
  teamNameTaken,
  type TeamRow,
  updateTeam,
} from './teams.repository.ts';

function toTeam(row: TeamRow, users: ReadonlyMap<string, User>, now: Date): Team {
  const person = (id: string) => ({ id, username: users.get(id)?.username ?? id });
  const rotation =
    row.rotation_starts_at === null || row.rotation_ids.length === 0
      ? null
      : {
          members: row.rotation_ids.map(person),
          startsAt: row.rotation_starts_at,
          shiftHours: Number(row.rotation_shift_hours ?? 168),
        };
  const turn =
    rotation === null
      ? null
      : currentOnCall({ userIds: row.rotation_ids, startsAt: rotation.startsAt, shiftHours: rotation.shiftHours }, now);
  const onCallId = turn?.userId ?? row.on_call_user_id;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    departmentId: row.department_id,
    members: row.member_ids.map(person),
    lead: row.lead_user_id === null ? null : person(row.lead_user_id),
    onCall: onCallId === null ? null : person(onCallId),
    onCallUntil: turn?.until ?? null,
    rotation,
    createdAt: row.created_at,
  };
}

/** Lead and rotation must be members: they are who the team's news reaches. */
function checkRoles(memberIds: readonly string[], leadId: string | null, rotationIds: readonly string[]) {
  const members = new Set(memberIds);
  if (leadId !== null && !members.has(leadId)) throw new InputError('The lead must be a member of the team');
  const outsider = rotationIds.find((id) => !members.has(id));
  if (outsider !== undefined) throw new InputError(`User '${outsider}' is on the rotation but not a member`);
}

/**
 * Teams of specialist operators (network, OT/SCADA, data protection, physical security): a department's
 * own, or city-wide. Incidents and tasks are assigned to a team or a person. The lead hears about SLA breaches
 * of the team's incidents; the on-call member (from the rotation, turn by turn) is who notifications page first.
 */
export function createTeamsService(deps: { store: Store; audit: AuditLog; users: UsersService; now?: () => Date }) {
  const { store, audit, users } = deps;
  const now = deps.now ?? (() => new Date());

  async function userMap(): Promise<Map<string, User>> {
    return new Map((await users.list(SYSTEM_PRINCIPAL)).map((u) => [u.id, u]));
  }

  function requireUsers(map: ReadonlyMap<string, User>, ids: readonly string[]) {
    for (const id of ids) if (!map.has(id)) throw new InputError(`User '${id}' not found`);
  }

  function translate(error: unknown, name: string): never {
    if (isDomainError(error)) throw error;
    if (constraintViolation(error) === 'foreign_key') throw new InputError('The department does not exist');
    if (constraintViolation(error) === 'unique') throw new ConflictError(`Team '${name}' already exists`);
    throw error;
  }

  /** A team the actor may change: of their departments, or city-wide for city-wide roles. */
  async function changeable(actor: Principal, id: string, db = store.db): Promise<TeamRow> {
    const team = await findTeam(db, actor.departments, id);
    if (!team) throw new NotFoundError(`Team '${id}' not found`);
    if (team.department_id === null && !actor.departments.all) {
      throw new InputError('Only city-wide roles may change a city-wide team');
    }
    return team;
  }

  return {
    async list(actor: Principal): Promise<Team[]> {
      requirePermission(actor, 'incidents.read');
      const [rows, map] = await Promise.all([listTeams(store.db, actor.departments), userMap()]);
      return rows.map((row) => toTeam(row, map, now()));
    },

    /**
     * People who can be put on a team of the department (null: city-wide): active users who may work its
     * incidents. Team managers need this list without the right to read every user account.
     */
    async candidates(actor: Principal, departmentId: string | null): Promise<Assignee[]> {
      requirePermission(actor, 'incidents.manage');
      if (departmentId !== null && !canSeeDepartment(actor, departmentId)) {
        throw new NotFoundError(`Department '${departmentId}' not found`);
      }
      const all = await users.list(SYSTEM_PRINCIPAL);
      return all
        .filter((user) => {
          const principal = userPrincipal(user);
          return (
            !user.disabled &&
            hasPermission(principal, 'incidents.manage') &&
            (departmentId === null ? principal.departments.all : canSeeDepartment(principal, departmentId))
          );
        })
        .map((user) => ({ id: user.id, username: user.username, displayName: user.displayName }));
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
      const rotationIds = request.rotation?.userIds ?? [];
      const members = [
        ...new Set([
          ...request.memberIds,
          ...(request.onCallId ? [request.onCallId] : []),
          ...(request.leadId ? [request.leadId] : []),
          ...rotationIds,
        ]),
      ];
      requireUsers(map, members);
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
              lead_user_id: request.leadId,
              rotation_starts_at: request.rotation ? new Date(request.rotation.startsAt).toISOString() : null,
              rotation_shift_hours: request.rotation?.shiftHours ?? null,
              created_at: at,
              updated_at: at,
            },
            members,
          );
          await replaceRotation(trx, id, rotationIds);
          record({
            action: 'team.create',
            targetType: 'team',
            targetId: id,
            departmentId: request.departmentId,
            details: { name: request.name, members: members.length, lead: request.leadId },
          });
        });
      } catch (error) {
        translate(error, request.name);
      }
      const row = await findTeam(store.db, actor.departments, id);
      return toTeam(row!, map, now());
    },

    /** Changes name, members, lead or rotation; removing a member also takes them off lead and rotation. */
    async update(actor: Principal, id: string, input: unknown): Promise<Team> {
      requirePermission(actor, 'incidents.manage');
      const request = UpdateTeam.parse(input);
      const map = await userMap();
      requireUsers(map, [
        ...(request.memberIds ?? []),
        ...(request.leadId ? [request.leadId] : []),
        ...(request.rotation?.userIds ?? []),
      ]);
      try {
        await audit.transact(actor, async (trx, record) => {
          const before = await changeable(actor, id, trx);
          const memberIds = request.memberIds ?? before.member_ids;
          const members = new Set(memberIds);
          const leadId =
            request.leadId !== undefined
              ? request.leadId
              : before.lead_user_id !== null && members.has(before.lead_user_id)
                ? before.lead_user_id
                : null;
          const rotationIds =
            request.rotation !== undefined
              ? (request.rotation?.userIds ?? [])
              : before.rotation_ids.filter((u) => members.has(u));
          checkRoles(memberIds, leadId, rotationIds);
          if (request.name !== undefined && request.name.toLowerCase() !== before.name.toLowerCase()) {
            if (await teamNameTaken(trx, request.name))
              throw new ConflictError(`Team '${request.name}' already exists`);
          }
          await updateTeam(trx, id, {
            ...(request.name !== undefined && { name: request.name }),
            ...(request.description !== undefined && { description: request.description }),
            lead_user_id: leadId,
            on_call_user_id:
              before.on_call_user_id !== null && members.has(before.on_call_user_id) ? before.on_call_user_id : null,
            ...(request.rotation !== undefined && {
              rotation_starts_at: request.rotation ? new Date(request.rotation.startsAt).toISOString() : null,
              rotation_shift_hours: request.rotation?.shiftHours ?? null,
            }),
            updated_at: now().toISOString(),
          });
          if (request.memberIds !== undefined) await replaceMembers(trx, id, memberIds);
          await replaceRotation(trx, id, rotationIds);
          record({
            action: 'team.update',
            targetType: 'team',
            targetId: id,
            departmentId: before.department_id,
            details: {
              name: request.name ?? before.name,
              fields: Object.keys(request),
              members: memberIds.length,
              lead: leadId,
              rotation: rotationIds.length,
            },
          });
        });
      } catch (error) {
        translate(error, request.name ?? id);
      }
      const row = await findTeam(store.db, actor.departments, id);
      return toTeam(row!, map, now());
    },
  };
}

export type TeamsService = ReturnType<typeof createTeamsService>;
