import { createHash } from 'node:crypto';
import {
  cleanEvidenceName,
  type EvidenceFile,
  InputError,
  NotFoundError,
  type Principal,
  requirePermission,
  UnavailableError,
} from '@citysoc/core';
import { v7 as timeOrderedUuid } from 'uuid';
import { recordIncidentChange, visibleIncident } from './incident-changes.ts';
import type { IncidentKit } from './incident-kit.ts';
import { toEvidenceFile } from './incident-view.ts';
import {
  EVIDENCE_CHUNK_BYTES,
  findEvidence,
  insertEvidence,
  listEvidence,
  readEvidenceBytes,
} from './casework.repository.ts';
import { updateIncident } from './incidents.repository.ts';

/** CITYSOC_EVIDENCE_MAX_BYTES's default: 25 MiB, enough for logs, captures of a few minutes, screenshots. */
export const DEFAULT_EVIDENCE_MAX_BYTES = 25 * 1024 * 1024;

const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Evidence files of a case. Hashed (SHA-256) when uploaded and checked against the hash on every download, so
 * a file changed in the database is refused rather than served as evidence. Reading follows the incident's
 * department scope: someone who cannot see the case cannot learn its files exist.
 */
export function createIncidentEvidence(kit: IncidentKit) {
  const { store } = kit.deps;
  const maxBytes = kit.deps.evidenceMaxBytes ?? DEFAULT_EVIDENCE_MAX_BYTES;

  return {
    evidenceMaxBytes: maxBytes,

    async addEvidence(
      actor: Principal,
      incidentId: string,
      file: { name: string; contentType: string; bytes: Buffer },
    ): Promise<EvidenceFile> {
      requirePermission(actor, 'incidents.manage');
      const name = cleanEvidenceName(file.name);
      if (name === null) throw new InputError('The file needs a name (?name=…)');
      if (file.bytes.length === 0) throw new InputError('The file is empty');
      if (file.bytes.length > maxBytes) throw new InputError(`The file is larger than ${maxBytes} bytes`);
      const declared = file.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
      const contentType = CONTENT_TYPE.test(declared) ? declared.slice(0, 200) : 'application/octet-stream';
      const hash = sha256(file.bytes);
      const row = await kit.transact(actor, async (ctx) => {
        const incident = await visibleIncident(ctx.trx, actor, incidentId);
        const row = {
          id: timeOrderedUuid(),
          incident_id: incident.id,
          name,
          content_type: contentType,
          size: file.bytes.length,
          sha256: hash,
          chunks: Math.max(1, Math.ceil(file.bytes.length / EVIDENCE_CHUNK_BYTES)),
          uploaded_by: actor.name,
          uploaded_at: ctx.at,
        };
        await insertEvidence(ctx.trx, row, file.bytes);
        await updateIncident(ctx.trx, incident.id, { updated_at: ctx.at });
        await recordIncidentChange(ctx, incident, {
          action: 'incident.evidence.add',
          kind: 'evidence',
          text: `Evidence added: ${name} (${file.bytes.length} bytes, SHA-256 ${hash})`,
          data: { evidenceId: row.id, name, size: row.size, sha256: hash },
        });
        return row;
      });
      await kit.changed(incidentId);
      return toEvidenceFile(row);
    },

    async listEvidence(actor: Principal, incidentId: string): Promise<EvidenceFile[]> {
      requirePermission(actor, 'incidents.read');
      const incident = await visibleIncident(store.db, actor, incidentId);
      return (await listEvidence(store.db, incident.id)).map(toEvidenceFile);
    },

    /** The file's bytes after checking them against the hash taken at upload. */
    async readEvidence(
      actor: Principal,
      incidentId: string,
      evidenceId: string,
    ): Promise<{ file: EvidenceFile; bytes: Buffer }> {
      requirePermission(actor, 'incidents.read');
      const incident = await visibleIncident(store.db, actor, incidentId);
      const row = await findEvidence(store.db, incident.id, evidenceId);
      if (!row) throw new NotFoundError(`Evidence '${evidenceId}' not found`);
      const bytes = await readEvidenceBytes(store.db, row.id);
      if (bytes.length !== Number(row.size) || sha256(bytes) !== row.sha256) {
        kit.deps.log.error({ incident: incident.id, evidence: row.id }, 'evidence file does not match its hash');
        throw new UnavailableError(`Evidence '${row.name}' does not match its SHA-256 and is not served`);
      }
      return { file: toEvidenceFile(row), bytes };
    },
  };
}
