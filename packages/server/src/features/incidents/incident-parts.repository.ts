import { type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import {
  incidentsDb,
  type IncidentCommentsTable,
  type IncidentObservablesTable,
  type IncidentTasksTable,
} from './incident-tables.ts';

export type TaskRow = Selectable<IncidentTasksTable>;
export type CommentRow = Selectable<IncidentCommentsTable>;
export type ObservableRow = Selectable<IncidentObservablesTable>;

export async function insertTask(db: Queryable, row: Insertable<IncidentTasksTable>): Promise<void> {
  await incidentsDb(db).insertInto('incident_tasks').values(row).execute();
}

export async function updateTask(db: Queryable, id: string, changes: Updateable<IncidentTasksTable>): Promise<void> {
  await incidentsDb(db).updateTable('incident_tasks').set(changes).where('id', '=', id).execute();
}

export async function findTask(db: Queryable, incidentId: string, id: string): Promise<TaskRow | undefined> {
  return incidentsDb(db)
    .selectFrom('incident_tasks')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listTasks(db: Queryable, incidentId: string): Promise<TaskRow[]> {
  return incidentsDb(db)
    .selectFrom('incident_tasks')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertComment(db: Queryable, row: Insertable<IncidentCommentsTable>): Promise<void> {
  await incidentsDb(db).insertInto('incident_comments').values(row).execute();
}

export async function listComments(db: Queryable, incidentId: string): Promise<CommentRow[]> {
  return incidentsDb(db)
    .selectFrom('incident_comments')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertObservable(db: Queryable, row: Insertable<IncidentObservablesTable>): Promise<void> {
  await incidentsDb(db).insertInto('incident_observables').values(row).execute();
}

export async function updateObservable(
  db: Queryable,
  id: string,
  changes: Updateable<IncidentObservablesTable>,
): Promise<void> {
  await incidentsDb(db).updateTable('incident_observables').set(changes).where('id', '=', id).execute();
}

export async function findObservable(
  db: Queryable,
  incidentId: string,
  match: { id: string } | { type: string; value: string },
): Promise<ObservableRow | undefined> {
  let query = incidentsDb(db).selectFrom('incident_observables').selectAll().where('incident_id', '=', incidentId);
  query =
    'id' in match
      ? query.where('id', '=', match.id)
      : query.where('type', '=', match.type).where('value', '=', match.value);
  return query.executeTakeFirst();
}

export async function listObservables(db: Queryable, incidentId: string): Promise<ObservableRow[]> {
  return incidentsDb(db)
    .selectFrom('incident_observables')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
