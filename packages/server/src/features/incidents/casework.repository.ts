import type { Insertable, Selectable } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import { incidentsDb, type IncidentEvidenceTable } from './incident-tables.ts';

export type EvidenceRow = Selectable<IncidentEvidenceTable>;

/** Evidence bytes are stored in pieces of this size (see migration 0013 for why). */
export const EVIDENCE_CHUNK_BYTES = 256 * 1024;

export async function insertEvidence(db: Queryable, row: Insertable<IncidentEvidenceTable>, bytes: Buffer) {
  await incidentsDb(db).insertInto('incident_evidence').values(row).execute();
  for (let chunk = 0; chunk * EVIDENCE_CHUNK_BYTES < bytes.length || chunk === 0; chunk++) {
    const data = bytes.subarray(chunk * EVIDENCE_CHUNK_BYTES, (chunk + 1) * EVIDENCE_CHUNK_BYTES);
    await incidentsDb(db).insertInto('incident_evidence_chunks').values({ evidence_id: row.id, chunk, data }).execute();
  }
}

export async function listEvidence(db: Queryable, incidentId: string): Promise<EvidenceRow[]> {
  return incidentsDb(db)
    .selectFrom('incident_evidence')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();
}

export async function findEvidence(db: Queryable, incidentId: string, id: string): Promise<EvidenceRow | undefined> {
  return incidentsDb(db)
    .selectFrom('incident_evidence')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The stored bytes of one evidence file, pieces in order. */
export async function readEvidenceBytes(db: Queryable, evidenceId: string): Promise<Buffer> {
  const rows = await incidentsDb(db)
    .selectFrom('incident_evidence_chunks')
    .select(['chunk', 'data'])
    .where('evidence_id', '=', evidenceId)
    .orderBy('chunk')
    .execute();
  return Buffer.concat(rows.map((r) => Buffer.from(r.data)));
}

/** The SLA clocks already recorded as breached, per incident. */
export async function recordedSlaBreaches(
  db: Queryable,
  incidentIds: readonly string[],
): Promise<Map<string, { target: string; notified_at: string | null }[]>> {
  const found = new Map<string, { target: string; notified_at: string | null }[]>();
  for (let i = 0; i < incidentIds.length; i += 500) {
    const rows = await incidentsDb(db)
      .selectFrom('incident_sla_breaches')
      .select(['incident_id', 'target', 'notified_at'])
      .where('incident_id', 'in', incidentIds.slice(i, i + 500))
      .execute();
    for (const row of rows) found.set(row.incident_id, [...(found.get(row.incident_id) ?? []), row]);
  }
  return found;
}

/** Records a breach once: false when another check recorded it first. */
export async function insertSlaBreach(db: Queryable, incidentId: string, target: string, at: string) {
  const result = await incidentsDb(db)
    .insertInto('incident_sla_breaches')
    .values({ incident_id: incidentId, target, recorded_at: at, notified_at: null })
    .onConflict((oc) => oc.columns(['incident_id', 'target']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function markSlaBreachNotified(db: Queryable, incidentId: string, target: string, at: string) {
  await incidentsDb(db)
    .updateTable('incident_sla_breaches')
    .set({ notified_at: at })
    .where('incident_id', '=', incidentId)
    .where('target', '=', target)
    .execute();
}

/** Open (not closed) incidents, for the periodic SLA and breach-clock check. */
export async function openIncidentRows(db: Queryable) {
  return incidentsDb(db).selectFrom('incidents').selectAll().where('status', '<>', 'closed').execute();
}
