import {
  canSeeDepartment,
  ConflictError,
  hasPermission,
  NotFoundError,
  type Principal,
  requirePermission,
  type RuleRejectionInfo,
  type RuleStateChange,
  type RuleUploadReport,
} from '@citysoc/core';
import type { RuleRejection } from '@citysoc/core/sigma';
import type { Store } from '../../platform/db/database.ts';
import type { AuditLog } from '../audit/index.ts';
import { allDepartmentIds } from '../departments/index.ts';
import type { RuleCatalog } from './rule-catalog.ts';
import { mergeContent, type RuleContent, type RuleOrigin, uploadedContent } from './rule-content.ts';
import { type ActiveRuleSet, CITY_SCOPE, compileContent } from './rule-set.ts';
import { splitUpload, type UploadedDocument, type UploadSource } from './rule-upload.ts';
import {
  bumpRuleRevision,
  deleteDisable,
  deleteDisablesOf,
  deleteUpload,
  findUpload,
  insertDisable,
  listDisables,
  listUploads,
  upsertUpload,
} from './rules.repository.ts';

export const rejectionInfo = (r: RuleRejection): RuleRejectionInfo => ({
  file: r.file ?? null,
  id: r.id ?? null,
  reason: r.reason,
});

/** Turning rules off and on, uploading and deleting rules: every change audited, then swapped into detection. */
export interface RuleManagement {
  /**
   * Disables or enables a rule (or correlation) city-wide (`department: null`, needs `rules.manage`) or for one
   * department (`rules.manage`, or `rules.tune` and a grant on that department; another department is not
   * found).
   */
  setState(actor: Principal, id: string, change: RuleStateChange): Promise<void>;
  /** Validates and stores Sigma documents (needs `rules.manage`); see `RuleUploadReport`. */
  upload(actor: Principal, sources: readonly UploadSource[], department: string | null): Promise<RuleUploadReport>;
  /** Deletes an uploaded rule, correlation or filter (needs `rules.manage`). */
  remove(actor: Principal, id: string): Promise<void>;
}

/** The rule or correlation with this id in the set, with its origin; undefined when there is none. */
function findRule(set: ActiveRuleSet, id: string): { origin: RuleOrigin; title: string } | undefined {
  const rule = set.rules.find((r) => r.rule.id === id);
  if (rule) return { origin: rule.state.origin, title: rule.rule.title };
  const correlation = set.correlations.find((c) => c.correlation.key === id);
  return correlation && { origin: correlation.state.origin, title: correlation.correlation.title };
}

/** Ids the folder content defines (rules, correlations, filters): an upload may not take one. */
function folderIds(content: RuleContent): Map<string, string> {
  const ids = new Map<string, string>();
  for (const { item, origin } of content.rules) ids.set(item.id, `a ${origin.source} rule`);
  for (const { item, origin } of content.correlations) if (item.id) ids.set(item.id, `a ${origin.source} correlation`);
  for (const { item, origin } of content.filters) if (item.id) ids.set(item.id, `a ${origin.source} filter`);
  return ids;
}

const rejectionKey = (r: RuleRejection) => JSON.stringify([r.file ?? null, r.id ?? null, r.reason]);

export function createRuleManagement(deps: {
  store: Store;
  audit: AuditLog;
  catalog: RuleCatalog;
  now?: () => Date;
}): RuleManagement {
  const { store, audit, catalog } = deps;
  const now = deps.now ?? (() => new Date());

  function authoriseState(actor: Principal, department: string | null): void {
    if (department === null || hasPermission(actor, 'rules.manage')) {
      requirePermission(actor, 'rules.manage');
      return;
    }
    requirePermission(actor, 'rules.tune');
    // Not found rather than forbidden: a department's users do not learn which other departments exist.
    if (!canSeeDepartment(actor, department)) throw new NotFoundError(`Department '${department}' not found`);
  }

  return {
    async setState(actor, id, change) {
      authoriseState(actor, change.department);
      const found = findRule(catalog.current(), id);
      if (!found || (found.origin.department !== null && !canSeeDepartment(actor, found.origin.department))) {
        throw new NotFoundError(`Rule '${id}' not found`);
      }
      const scope = change.department ?? CITY_SCOPE;
      await audit.transact(actor, async (trx, record) => {
        if (change.department !== null && !(await allDepartmentIds(trx)).has(change.department)) {
          throw new NotFoundError(`Department '${change.department}' not found`);
        }
        const before = (await listDisables(trx)).find((d) => d.ruleId === id && d.scope === scope);
        if (change.enabled === (before === undefined)) return; // already so: nothing to change or audit
        if (change.enabled) await deleteDisable(trx, id, scope);
        else
          await insertDisable(trx, {
            ruleId: id,
            scope,
            reason: change.reason,
            by: actor.name,
            at: now().toISOString(),
          });
        await bumpRuleRevision(trx);
        record({
          action: change.enabled ? 'rule.enable' : 'rule.disable',
          targetType: 'rule',
          targetId: id,
          departmentId: change.department,
          before: before ?? null,
          after: change.enabled ? null : { ruleId: id, scope, reason: change.reason },
          details: { name: found.title, scope: change.department ?? 'city', reason: change.reason },
        });
      });
      await catalog.reload();
    },

    async upload(actor, sources, department) {
      requirePermission(actor, 'rules.manage');
      if (department !== null && !(await allDepartmentIds(store.db)).has(department)) {
        throw new NotFoundError(`Department '${department}' not found`);
      }
      const split = splitUpload(sources);
      const rejections: RuleRejection[] = [...split.rejections];
      const taken = folderIds(catalog.folderContent);
      const seen = new Set<string>();
      const candidates: UploadedDocument[] = [];
      for (const document of split.documents) {
        const owner = taken.get(document.id);
        if (owner !== undefined) {
          rejections.push({
            file: document.file,
            id: document.id,
            reason: `id ${document.id} is ${owner}: upload under a new id, or disable that rule instead`,
          });
        } else if (seen.has(document.id)) {
          rejections.push({
            file: document.file,
            id: document.id,
            reason: `id ${document.id} appears twice in the upload`,
          });
        } else {
          seen.add(document.id);
          candidates.push(document);
        }
      }
      const existing = await listUploads(store.db);
      const uploadedBy = actor.name;
      // Compiled with everything else, as detection would run it: a correlation may use a shipped rule, a
      // filter may attach to one, and a duplicate correlation key is caught here rather than at the next start.
      const kept = existing.filter((u) => !seen.has(u.id));
      // Labelled by their place in the upload (`uploaded:document N`), so refusals point at the document.
      const asContent = (docs: readonly UploadedDocument[]): RuleContent =>
        uploadedContent(docs.map((d) => ({ id: d.file, yaml: d.yaml, department, uploadedBy })));
      const trial = compileContent(
        mergeContent(mergeContent(catalog.folderContent, uploadedContent(kept)), asContent(candidates)),
      );
      const refusedFiles = new Map<string, RuleRejection[]>();
      for (const r of trial.rejections) {
        const file = r.file?.replace(/^uploaded:/, '');
        if (file === undefined || !candidates.some((d) => d.file === file)) continue;
        refusedFiles.set(file, [...(refusedFiles.get(file) ?? []), { ...r, file }]);
      }
      const accepted = candidates.filter((d) => !refusedFiles.has(d.file));
      rejections.push(...[...refusedFiles.values()].flat());
      const existingIds = new Set(existing.map((u) => u.id));
      if (accepted.length > 0) {
        await audit.transact(actor, async (trx, record) => {
          const at = now().toISOString();
          for (const document of accepted) {
            const before = await findUpload(trx, document.id);
            await upsertUpload(
              trx,
              { id: document.id, kind: document.kind, yaml: document.yaml, department, uploadedBy },
              at,
            );
            record({
              action: before ? 'rule.replace' : 'rule.upload',
              targetType: 'rule',
              targetId: document.id,
              departmentId: department,
              before: before ?? null,
              after: { id: document.id, kind: document.kind, yaml: document.yaml, department },
              details: {
                kind: document.kind,
                name: document.rule?.title ?? document.correlation?.title ?? document.filter?.title,
              },
            });
          }
          await bumpRuleRevision(trx);
        });
        await catalog.reload();
      }
      return {
        loaded: accepted.length,
        rejected: rejections.length,
        rejections: rejections.map(rejectionInfo),
        accepted: accepted.map((d) => ({ id: d.id, kind: d.kind, replaced: existingIds.has(d.id) })),
      };
    },

    async remove(actor, id) {
      requirePermission(actor, 'rules.manage');
      const upload = await findUpload(store.db, id);
      if (!upload) {
        if (folderIds(catalog.folderContent).has(id)) {
          throw new ConflictError(`Rule '${id}' comes from a rules folder, not an upload: disable it instead`);
        }
        throw new NotFoundError(`Uploaded rule '${id}' not found`);
      }
      // Refuse to break another rule: a correlation or filter that needs this one would be refused at once.
      const others = (await listUploads(store.db)).filter((u) => u.id !== id);
      const before = new Set(catalog.current().compiled.rejections.map(rejectionKey));
      const after = compileContent(mergeContent(catalog.folderContent, uploadedContent(others)));
      const broken = after.rejections.filter((r) => !before.has(rejectionKey(r)));
      if (broken.length > 0) {
        throw new ConflictError(
          `Rule '${id}' is needed by ${broken.map((r) => r.id ?? r.file ?? '?').join(', ')}: delete or change those first`,
          broken.map(rejectionInfo),
        );
      }
      await audit.transact(actor, async (trx, record) => {
        await deleteUpload(trx, id);
        await deleteDisablesOf(trx, id);
        await bumpRuleRevision(trx);
        record({
          action: 'rule.delete',
          targetType: 'rule',
          targetId: id,
          departmentId: upload.department,
          before: upload,
          after: null,
          details: { kind: upload.kind },
        });
      });
      await catalog.reload();
    },
  };
}
