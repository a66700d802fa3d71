import { type DepartmentScope, VulnRecord } from '@citysoc/core';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import type { VulnFindingsTable } from '../../platform/db/schema.ts';

export async function storedRecords(db: Queryable, cves?: readonly string[]): Promise<VulnRecord[]> {
  const rows: { document: string }[] = [];
  if (cves === undefined) rows.push(...(await db.selectFrom('vulnerabilities').select('document').execute()));
  else {
    for (let i = 0; i < cves.length; i += 500) {
      const chunk = cves.slice(i, i + 500);
      rows.push(...(await db.selectFrom('vulnerabilities').select('document').where('cve', 'in', chunk).execute()));
    }
  }
  return rows.map((row) => VulnRecord.parse(JSON.parse(row.document)));
}

export async function upsertRecords(db: Queryable, records: readonly VulnRecord[], at: string): Promise<void> {
  for (let i = 0; i < records.length; i += 200) {
    const rows = records.slice(i, i + 200).map((record) => ({
      cve: record.cve,
      published: record.published ?? null,
      cvss: record.cvss?.score ?? null,
      kev_added: record.kev?.dateAdded ?? null,
      kev_due: record.kev?.dueDate ?? null,
      epss: record.epss?.score ?? null,
      document: JSON.stringify(record),
      updated_at: at,
    }));
    await db
      .insertInto('vulnerabilities')
      .values(rows)
      .onConflict((oc) =>
        oc.column('cve').doUpdateSet((eb) => ({
          published: eb.ref('excluded.published'),
          cvss: eb.ref('excluded.cvss'),
          kev_added: eb.ref('excluded.kev_added'),
          kev_due: eb.ref('excluded.kev_due'),
          epss: eb.ref('excluded.epss'),
          document: eb.ref('excluded.document'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

export async function allFindings(db: Queryable): Promise<VulnFindingsTable[]> {
  return db.selectFrom('vuln_findings').selectAll().execute();
}

export async function listFindings(
  db: Queryable,
  scope: DepartmentScope,
  filter: { department?: string; status?: string; limit: number },
): Promise<VulnFindingsTable[]> {
  let query = db
    .selectFrom('vuln_findings')
    .selectAll()
    .where((eb) => inDepartmentScope(eb, 'department_id', scope));
  if (filter.department !== undefined) query = query.where('department_id', '=', filter.department);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  return query.orderBy('priority').orderBy('score', 'desc').orderBy('id').limit(filter.limit).execute();
}

export async function findFinding(db: Queryable, scope: DepartmentScope, id: string) {
  return db
    .selectFrom('vuln_findings')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .executeTakeFirst();
}

export async function insertFindings(db: Queryable, rows: readonly VulnFindingsTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('vuln_findings')
      .values(rows.slice(i, i + 200))
      .execute();
}

export async function updateFinding(db: Queryable, id: string, changes: Partial<VulnFindingsTable>): Promise<void> {
  await db.updateTable('vuln_findings').set(changes).where('id', '=', id).execute();
}
