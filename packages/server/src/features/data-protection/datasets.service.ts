import {
  type ContentFileError,
  type Dataset,
  DatasetCatalogueFile,
  DatasetInput,
  DatasetView,
  datasetToInput,
  formatContentFileError,
  InputError,
  NotAllowedError,
  NotFoundError,
  parseYamlContent,
  type Principal,
  requirePermission,
  canSeeDepartment,
  ConflictError,
} from '@citysoc/core';
import { stringify as toYaml } from 'yaml';
import type { Store, Queryable } from '../../platform/db/database.ts';
import type { PersonalFields } from '../accounts/index.ts';
import type { AuditLog, RecordChange } from '../audit/index.ts';
import type { CityModelCache } from '../inventory/index.ts';
import {
  type DataOwner,
  type DatasetRow,
  datasetExists,
  deleteDataset,
  findDataset,
  insertDataset,
  listDataOwners,
  listDatasets,
  updateDataset,
} from './datasets.repository.ts';

/** The stored definition of a dataset row; the document was validated when written, and is again here. */
export function storedDataset(row: Pick<DatasetRow, 'document'>): Dataset {
  return DatasetInput.parse(JSON.parse(row.document));
}

/** The API view of a row; the owner's display name is sealed at rest and opened here. */
export function datasetView(row: DatasetRow, personal: PersonalFields): DatasetView {
  const owner = row.owner_username ?? '(deleted user)';
  const ownerName =
    row.owner_display_name === null
      ? owner
      : personal.openDisplayName(row.owner_user_id, row.owner_display_name, owner);
  return DatasetView.parse({
    ...datasetToInput(storedDataset(row)),
    owner,
    owner_id: row.owner_user_id,
    owner_name: ownerName,
    created_at: row.created_at,
    updated_at: row.updated_at,
  });
}

export interface CatalogueImportResult {
  created: string[];
  updated: string[];
}

/**
 * The data catalogue: datasets with their owner, department, where they are stored and processed (inventory
 * assets and services), classification, legal basis, retention and backup objectives. Department-scoped like
 * the inventory: a department's people see and manage its datasets, city-wide roles all; a dataset of another
 * department is "not found". The owner must be a data owner of the dataset's department, so the person who
 * decides on access is always someone accountable for that department's data.
 */
export function createDatasetsService(deps: {
  store: Store;
  audit: AuditLog;
  city: CityModelCache;
  personal: PersonalFields;
  now?: () => Date;
}) {
  const { store, audit, city, personal } = deps;
  const view = (row: DatasetRow) => datasetView(row, personal);
  const now = deps.now ?? (() => new Date());

  async function get(actor: Principal, id: string, db: Queryable = store.db): Promise<DatasetRow> {
    requirePermission(actor, 'datasets.read');
    const row = await findDataset(db, actor.departments, id);
    if (!row) throw new NotFoundError(`Dataset '${id}' not found`);
    return row;
  }

  /** The owner's user, or InputError saying why the named person cannot own this dataset. */
  async function resolveOwner(db: Queryable, dataset: Dataset): Promise<DataOwner> {
    const [owner] = await listDataOwners(db, dataset.owner);
    if (!owner) throw new InputError(`owner: '${dataset.owner}' is not a user with the data_owner role`);
    if (owner.disabled) throw new InputError(`owner: '${dataset.owner}' is disabled`);
    if (!owner.departments.includes(dataset.department))
      throw new InputError(`owner: '${dataset.owner}' is not granted department '${dataset.department}'`);
    return owner;
  }

  /** Assets and services must exist and be visible to the actor: an id one cannot see is as unknown as a typo. */
  async function checkReferences(actor: Principal, dataset: Dataset): Promise<void> {
    const model = await city.current();
    const unknown: string[] = [];
    for (const id of [...dataset.stored_on, ...dataset.processed_by]) {
      const asset = model.assets.get(id);
      if (!asset || !canSeeDepartment(actor, asset.department)) unknown.push(`asset '${id}'`);
    }
    for (const id of dataset.services) {
      const service = model.services.get(id);
      if (!service || !canSeeDepartment(actor, service.department)) unknown.push(`service '${id}'`);
    }
    if (unknown.length > 0) throw new InputError(`Unknown ${[...new Set(unknown)].join(', ')}`);
  }

  function requireManage(actor: Principal, department: string): void {
    requirePermission(actor, 'datasets.manage');
    if (!canSeeDepartment(actor, department))
      throw new NotAllowedError(`You may not manage datasets of department '${department}'`);
  }

  /** Creates or replaces one dataset inside an audited transaction; `mode` says which the caller meant. */
  async function save(
    actor: Principal,
    trx: Queryable,
    record: RecordChange,
    dataset: Dataset,
    mode: 'create' | 'update' | 'upsert',
  ): Promise<'created' | 'updated'> {
    requireManage(actor, dataset.department);
    const existing = await findDataset(trx, actor.departments, dataset.id);
    if (!existing && (await datasetExists(trx, dataset.id))) {
      // Another department's dataset: its id is taken, but saying so would reveal it exists. Refuse as a clash.
      throw new ConflictError(`Dataset id '${dataset.id}' is not available`);
    }
    if (mode === 'create' && existing) throw new ConflictError(`Dataset '${dataset.id}' already exists`);
    if (mode === 'update' && !existing) throw new NotFoundError(`Dataset '${dataset.id}' not found`);
    const owner = await resolveOwner(trx, dataset);
    await checkReferences(actor, dataset);
    const at = now().toISOString();
    const columns = {
      name: dataset.name,
      department_id: dataset.department,
      owner_user_id: owner.id,
      classification: dataset.classification,
      document: JSON.stringify(dataset),
      updated_at: at,
    };
    const details = { classification: dataset.classification, owner: owner.username, name: dataset.name };
    if (existing) {
      await updateDataset(trx, dataset.id, columns);
      const before = storedDataset(existing);
      record({
        action: 'dataset.update',
        targetType: 'dataset',
        targetId: dataset.id,
        departmentId: dataset.department,
        before,
        after: dataset,
        details: { ...details, ...(before.department !== dataset.department && { from: before.department }) },
      });
      return 'updated';
    }
    await insertDataset(trx, { id: dataset.id, created_at: at, ...columns });
    record({
      action: 'dataset.create',
      targetType: 'dataset',
      targetId: dataset.id,
      departmentId: dataset.department,
      after: dataset,
      details,
    });
    return 'created';
  }

  return {
    get: async (actor: Principal, id: string): Promise<DatasetView> => view(await get(actor, id)),
    /** The stored definition, for the other data-protection services (fields, owner, objectives). */
    find: (actor: Principal, id: string, db?: Queryable) => get(actor, id, db),

    async list(
      actor: Principal,
      filter: { department?: string; classification?: string; owned?: boolean } = {},
    ): Promise<DatasetView[]> {
      requirePermission(actor, 'datasets.read');
      const rows = await listDatasets(store.db, actor.departments, {
        department: filter.department,
        classification: filter.classification,
        ownerId: filter.owned ? actor.id : undefined,
      });
      return rows.map(view);
    },

    async create(actor: Principal, input: DatasetInput): Promise<DatasetView> {
      const dataset = DatasetInput.parse(input);
      await audit.transact(actor, (trx, record) => save(actor, trx, record, dataset, 'create'));
      return view(await get(actor, dataset.id));
    },

    async update(actor: Principal, id: string, input: DatasetInput): Promise<DatasetView> {
      const dataset = DatasetInput.parse(input);
      if (dataset.id !== id) throw new InputError(`The body's id '${dataset.id}' differs from '${id}'`);
      // Moving a dataset needs the right to manage it where it is now, too.
      const current = await get(actor, id);
      requireManage(actor, current.department_id);
      await audit.transact(actor, (trx, record) => save(actor, trx, record, dataset, 'update'));
      return view(await get(actor, id));
    },

    async remove(actor: Principal, id: string): Promise<void> {
      requirePermission(actor, 'datasets.manage');
      await audit.transact(actor, async (trx, record) => {
        const row = await get(actor, id, trx);
        requireManage(actor, row.department_id);
        await deleteDataset(trx, id);
        record({
          action: 'dataset.delete',
          targetType: 'dataset',
          targetId: id,
          departmentId: row.department_id,
          before: storedDataset(row),
          details: { name: row.name },
        });
      });
    },

    /** The people who may own datasets in the actor's departments, for the owner picker. */
    async owners(actor: Principal): Promise<Omit<DataOwner, 'disabled'>[]> {
      requirePermission(actor, 'datasets.manage');
      const owners = await listDataOwners(store.db);
      return owners
        .filter((o) => !o.disabled)
        .map(({ id, username, display_name, departments }) => ({
          id,
          username,
          display_name: personal.openDisplayName(id, display_name, username),
          departments: departments.filter((d) => canSeeDepartment(actor, d)),
        }))
        .filter((o) => o.departments.length > 0);
    },

    /** The actor's part of the catalogue as a YAML file that imports back unchanged. */
    async exportYaml(actor: Principal): Promise<string> {
      requirePermission(actor, 'datasets.read');
      const rows = await listDatasets(store.db, actor.departments, {});
      return toYaml({ datasets: rows.map((row) => datasetToInput(storedDataset(row))) }, { lineWidth: 0 });
    },

    /**
     * Creates or updates every dataset of a catalogue file, all or nothing. Problems in the file are reported
     * with their line (InputError details: file, path, line, message).
     */
    async importYaml(actor: Principal, file: { name: string; text: string }): Promise<CatalogueImportResult> {
      requirePermission(actor, 'datasets.manage');
      const parsed = parseYamlContent(file, DatasetCatalogueFile, 'dataset catalogue');
      if ('errors' in parsed) throw catalogueError(parsed.errors);
      const ids = parsed.value.datasets.map((d) => d.id);
      const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
      if (duplicate !== undefined) throw new InputError(`Dataset '${duplicate}' appears twice in ${file.name}`);
      const result: CatalogueImportResult = { created: [], updated: [] };
      await audit.transact(actor, async (trx, record) => {
        for (const [index, dataset] of parsed.value.datasets.entries()) {
          try {
            const outcome = await save(actor, trx, record, dataset, 'upsert');
            result[outcome].push(dataset.id);
          } catch (error) {
            if (error instanceof InputError)
              throw new InputError(`${file.name}: datasets.${index} (${dataset.id}): ${error.message}`);
            throw error;
          }
        }
      });
      return result;
    },
  };
}

function catalogueError(errors: readonly ContentFileError[]): InputError {
  return new InputError(errors.map(formatContentFileError).join('; '), errors);
}

export type DatasetsService = ReturnType<typeof createDatasetsService>;
