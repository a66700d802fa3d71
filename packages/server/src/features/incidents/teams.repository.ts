import type { DepartmentScope } from '@citysoc/core';
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import { incidentsDb, type TeamsTable } from './incident-tables.ts';

export type TeamRow = Selectable<TeamsTable> & { member_ids: string[] };

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
  return teams.map((team) => ({
    ...team,
    member_ids: members.filter((m) => m.team_id === team.id).map((m) => m.user_id),
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
