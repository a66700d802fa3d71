import type { DepartmentScope } from '@citysoc/core';
import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import { incidentsDb, type TeamsTable } from './incident-tables.ts';

/** A team with its members (by user id) and its on-call rotation in turn order. */
export type TeamRow = Selectable<TeamsTable> & { member_ids: string[]; rotation_ids: string[] };

/**
 * Teams a principal may see: those of their departments, and the city-wide teams (no department). City-wide
 * teams are the SOC's own specialist teams, which every department works with, so they are listed for all.
 */
export async function listTeams(db: Queryable, scope: DepartmentScope): Promise<TeamRow[]> {
  const teams = await incidentsDb(db)
    .selectFrom('teams')
    .selectAll()
    .where((eb) => eb.or([eb('department_id', 'is', null), inDepartmentScope(eb, 'department_id', scope)]))
    .orderBy('name')
    .execute();
  return withMembers(db, teams);
}

export async function findTeam(db: Queryable, scope: DepartmentScope, id: string): Promise<TeamRow | undefined> {
  const team = await incidentsDb(db)
    .selectFrom('teams')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => eb.or([eb('department_id', 'is', null), inDepartmentScope(eb, 'department_id', scope)]))
    .executeTakeFirst();
  return team ? (await withMembers(db, [team]))[0] : undefined;
}

async function withMembers(db: Queryable, teams: Selectable<TeamsTable>[]): Promise<TeamRow[]> {
  if (teams.length === 0) return [];
  const members = await incidentsDb(db)
    .selectFrom('team_members')
    .select(['team_id', 'user_id'])
    .where(
      'team_id',
      'in',
      teams.map((t) => t.id),
    )
    .orderBy('user_id')
    .execute();
  const rotation = await incidentsDb(db)
    .selectFrom('team_rotation')
    .select(['team_id', 'user_id'])
    .where(
      'team_id',
      'in',
      teams.map((t) => t.id),
    )
    .orderBy('team_id')
    .orderBy('position')
    .execute();
  return teams.map((team) => ({
    ...team,
    member_ids: members.filter((m) => m.team_id === team.id).map((m) => m.user_id),
    rotation_ids: rotation.filter((r) => r.team_id === team.id).map((r) => r.user_id),
  }));
}

export async function insertTeam(db: Queryable, row: Insertable<TeamsTable>, memberIds: readonly string[]) {
  await incidentsDb(db).insertInto('teams').values(row).execute();
  if (memberIds.length > 0) {
    await incidentsDb(db)
      .insertInto('team_members')
      .values([...new Set(memberIds)].map((user_id) => ({ team_id: row.id, user_id })))
      .execute();
  }
}

export async function teamNameTaken(db: Queryable, name: string): Promise<boolean> {
  const row = await incidentsDb(db)
    .selectFrom('teams')
    .select('id')
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}

export async function updateTeam(db: Queryable, id: string, changes: Updateable<TeamsTable>): Promise<void> {
  await incidentsDb(db).updateTable('teams').set(changes).where('id', '=', id).execute();
}

export async function replaceMembers(db: Queryable, teamId: string, memberIds: readonly string[]): Promise<void> {
  await incidentsDb(db).deleteFrom('team_members').where('team_id', '=', teamId).execute();
  if (memberIds.length === 0) return;
  await incidentsDb(db)
    .insertInto('team_members')
    .values([...new Set(memberIds)].map((user_id) => ({ team_id: teamId, user_id })))
    .execute();
}

/** The rotation in turn order; a person may appear more than once (two turns per cycle). */
export async function replaceRotation(db: Queryable, teamId: string, userIds: readonly string[]): Promise<void> {
  await incidentsDb(db).deleteFrom('team_rotation').where('team_id', '=', teamId).execute();
  if (userIds.length === 0) return;
  await incidentsDb(db)
    .insertInto('team_rotation')
    .values(userIds.map((user_id, position) => ({ team_id: teamId, position, user_id })))
    .execute();
}

/**
 * Who to tell about a team's news, by team id: the lead and the members. For the notifications feature, which
 * resolves `teamLeadsOf` and `teamIds` recipients with it. Teams without a lead have `leadId` null.
 */
export async function teamRecipients(
  db: Queryable,
  teamIds: readonly string[],
): Promise<Map<string, { leadId: string | null; memberIds: string[] }>> {
  const found = new Map<string, { leadId: string | null; memberIds: string[] }>();
  if (teamIds.length === 0) return found;
  const teams = await incidentsDb(db)
    .selectFrom('teams')
    .select(['id', 'lead_user_id'])
    .where('id', 'in', [...teamIds])
    .execute();
  for (const team of teams) found.set(team.id, { leadId: team.lead_user_id, memberIds: [] });
  const members = await incidentsDb(db)
    .selectFrom('team_members')
    .select(['team_id', 'user_id'])
    .where('team_id', 'in', [...teamIds])
    .execute();
  for (const member of members) found.get(member.team_id)?.memberIds.push(member.user_id);
  return found;
}
