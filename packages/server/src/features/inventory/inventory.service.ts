import {
  type Asset,
  AssetDefinition,
  type AssetDefinitionInput,
  type AssetStatus,
  canSeeDepartment,
  ConflictError,
  dependencyMembers,
  type DiscoveryMutation,
  type InventoryDocument,
  type InventoryDocumentInput,
  NotFoundError,
  planDiscovery,
  type Principal,
  requirePermission,
  type Service,
  ServiceDefinition,
  type ServiceDefinitionInput,
} from '@citysoc/core';
import type { Transaction } from 'kysely';
import type { Bus } from '../../platform/bus/bus.ts';
import type { Store } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { AuditLog, RecordChange } from '../audit/index.ts';
import { type DepartmentsService, upsertDepartments } from '../departments/index.ts';
import { exportableDocument } from './inventory-export.ts';
import { checkInventoryChange, type InventoryChange } from './inventory-change.ts';
import {
  deleteAssetRow,
  deleteServiceRow,
  findAsset,
  findService,
  listAssets,
  listServices,
  updateAssetStatus,
  upsertAsset,
  upsertService,
} from './inventory.repository.ts';

export interface AssetFilter {
  department?: string;
  type?: string;
  status?: AssetStatus;
}

/** What an import changed, per kind. */
export interface ImportSummary {
  departments: { created: number; updated: number };
  services: { created: number; updated: number };
  assets: { created: number; updated: number };
}

/**
 * The city's inventory: services, assets and what depends on what. Every change is audited, scoped to the
 * actor's departments, and checked against the whole city graph (unknown ids and dependency cycles refused)
 * before it commits; subscribers hear `inventory.changed` after.
 */
export interface InventoryService {
  listServices(actor: Principal): Promise<Service[]>;
  getService(actor: Principal, id: string): Promise<Service>;
  /** `create` refuses an existing id; `replace` refuses a missing one. */
  saveService(actor: Principal, definition: ServiceDefinitionInput, mode: 'create' | 'replace'): Promise<Service>;
  /** Refused with ConflictError while services or assets depend on it. */
  removeService(actor: Principal, id: string): Promise<void>;
  listAssets(actor: Principal, filter?: AssetFilter): Promise<Asset[]>;
  getAsset(actor: Principal, id: string): Promise<Asset>;
  saveAsset(actor: Principal, definition: AssetDefinitionInput, mode: 'create' | 'replace'): Promise<Asset>;
  removeAsset(actor: Principal, id: string): Promise<void>;
  /** Isolating, taking offline or restoring an asset: containment, so a responder's permission, audited. */
  setAssetStatus(actor: Principal, id: string, status: AssetStatus, reason: string): Promise<Asset>;
  /** All or nothing: every problem in the document is reported with its path, and nothing is written. */
  importDocument(actor: Principal, document: InventoryDocument): Promise<ImportSummary>;
  /** The actor's part of the inventory in the import format. */
  exportDocument(actor: Principal): Promise<InventoryDocumentInput>;
  /**
   * Applies what a discovery connector reports (see planDiscovery): its own assets are created, updated or
   * removed; assets it may not change, or that others still depend on, are refused by name, not failed.
   */
  applyDiscovery(actor: Principal, connector: string, mutation: DiscoveryMutation): Promise<DiscoverySummary>;
}

export interface DiscoverySummary {
  created: number;
  updated: number;
  removed: number;
  refused: { id: string; reason: string }[];
}

export function createInventoryService(deps: {
  store: Store;
  audit: AuditLog;
  bus: Bus;
  departments: DepartmentsService;
  now?: () => Date;
}): InventoryService {
  const { store, audit, bus } = deps;
  const now = deps.now ?? (() => new Date());

  async function getService(actor: Principal, id: string, db = store.db): Promise<Service> {
    requirePermission(actor, 'inventory.read');
    const service = await findService(db, actor.departments, id);
    if (!service) throw new NotFoundError(`Service '${id}' not found`);
    return service;
  }

  async function getAsset(actor: Principal, id: string, db = store.db): Promise<Asset> {
    requirePermission(actor, 'inventory.read');
    const asset = await findAsset(db, actor.departments, id);
    if (!asset) throw new NotFoundError(`Asset '${id}' not found`);
    return asset;
  }

  /** Runs an audited inventory change and tells the rest of CitySOC once it has committed. */
  async function change<T>(
    actor: Principal,
    work: (trx: Transaction<Database>, record: RecordChange) => Promise<T>,
  ): Promise<T> {
    const result = await audit.transact(actor, work);
    await bus.publish('inventory.changed', {});
    return result;
  }

  /** Writes services and assets after the whole-city check, recording one audit entry per object. */
  async function apply(
    actor: Principal,
    trx: Transaction<Database>,
    record: RecordChange,
    changeSet: InventoryChange,
  ): Promise<{ services: { created: number; updated: number }; assets: { created: number; updated: number } }> {
    const { existing } = await checkInventoryChange(trx, actor, changeSet);
    const at = now().toISOString();
    const counts = { services: { created: 0, updated: 0 }, assets: { created: 0, updated: 0 } };
    for (const { value } of changeSet.services) {
      const before = existing.services.get(value.id);
      await upsertService(trx, value, at);
      counts.services[before ? 'updated' : 'created'] += 1;
      record({
        action: before ? 'service.update' : 'service.create',
        targetType: 'service',
        targetId: value.id,
        departmentId: value.department,
        before,
        after: value,
        details: { name: value.name, department: value.department },
      });
    }
    for (const { value } of changeSet.assets) {
      const before = existing.assets.get(value.id);
      await upsertAsset(trx, value, at);
      counts.assets[before ? 'updated' : 'created'] += 1;
      record({
        action: before ? 'asset.update' : 'asset.create',
        targetType: 'asset',
        targetId: value.id,
        departmentId: value.department,
        before,
        after: value,
        details: { name: value.name, type: value.type, department: value.department },
      });
    }
    return counts;
  }

  /** Who depends on each service and asset, city-wide: `kind:id` → dependants ("service 'x'"). */
  async function dependantsOf(trx: Transaction<Database>): Promise<Map<string, string[]>> {
    const [services, assets] = await Promise.all([listServices(trx, { all: true }), listAssets(trx, { all: true })]);
    const dependants = new Map<string, string[]>();
    const owners = [
      ...services.map((item) => ({ kind: 'service', item })),
      ...assets.map((item) => ({ kind: 'asset', item })),
    ];
    for (const { kind, item } of owners) {
      for (const group of item.depends_on) {
        for (const member of dependencyMembers(group)) {
          const key = `${member.kind}:${member.id}`;
          dependants.set(key, [...(dependants.get(key) ?? []), `${kind} '${item.id}'`]);
        }
      }
    }
    return dependants;
  }

  async function refuseIfDependedOn(trx: Transaction<Database>, kind: 'service' | 'asset', id: string) {
    const dependants = (await dependantsOf(trx)).get(`${kind}:${id}`) ?? [];
    if (dependants.length > 0) {
      throw new ConflictError(`${kind} '${id}' is still needed by ${dependants.slice(0, 5).join(', ')}`, {
        dependants,
      });
    }
  }

  /** Deletes a service or asset of the actor's departments, refused while anything depends on it. */
  async function remove(actor: Principal, kind: 'service' | 'asset', id: string): Promise<void> {
    requirePermission(actor, 'inventory.manage');
    await change(actor, async (trx, record) => {
      const before = kind === 'service' ? await getService(actor, id, trx) : await getAsset(actor, id, trx);
      await refuseIfDependedOn(trx, kind, id);
      await (kind === 'service' ? deleteServiceRow(trx, id) : deleteAssetRow(trx, id));
      record({ action: `${kind}.delete`, targetType: kind, targetId: id, departmentId: before.department, before });
    });
  }

  async function save<K extends 'service' | 'asset'>(
    actor: Principal,
    kind: K,
    definition: K extends 'service' ? ServiceDefinition : AssetDefinition,
    mode: 'create' | 'replace',
  ) {
    requirePermission(actor, 'inventory.manage');
    return change(actor, async (trx, record) => {
      const stored =
        kind === 'service'
          ? await findService(trx, { all: true }, definition.id)
          : await findAsset(trx, { all: true }, definition.id);
      if (mode === 'create' && stored) throw new ConflictError(`${kind} '${definition.id}' already exists`);
      if (mode === 'replace' && (!stored || !canSeeDepartment(actor, stored.department))) {
        throw new NotFoundError(`${kind} '${definition.id}' not found`);
      }
      const located = [{ value: definition, path: [] }];
      await apply(actor, trx, record, {
        services: kind === 'service' ? (located as InventoryChange['services']) : [],
        assets: kind === 'asset' ? (located as InventoryChange['assets']) : [],
        departments: [],
      });
      return definition.id;
    });
  }

  return {
    listServices(actor) {
      requirePermission(actor, 'inventory.read');
      return listServices(store.db, actor.departments);
    },

    getService: (actor, id) => getService(actor, id),

    async saveService(actor, definition, mode) {
      const id = await save(actor, 'service', ServiceDefinition.parse(definition), mode);
      return getService(actor, id);
    },

    removeService: (actor, id) => remove(actor, 'service', id),

    listAssets(actor, filter = {}) {
      requirePermission(actor, 'inventory.read');
      return listAssets(store.db, actor.departments, filter);
    },

    getAsset: (actor, id) => getAsset(actor, id),

    async saveAsset(actor, definition, mode) {
      const id = await save(actor, 'asset', AssetDefinition.parse(definition), mode);
      return getAsset(actor, id);
    },

    removeAsset: (actor, id) => remove(actor, 'asset', id),

    async setAssetStatus(actor, id, status, reason) {
      requirePermission(actor, 'assets.contain');
      await change(actor, async (trx, record) => {
        const before = await getAsset(actor, id, trx);
        if (before.status === status) return;
        await updateAssetStatus(trx, id, status, now().toISOString());
        record({
          action: 'asset.status',
          targetType: 'asset',
          targetId: id,
          departmentId: before.department,
          before: { status: before.status },
          after: { status },
          details: { from: before.status, to: status, reason },
        });
      });
      return getAsset(actor, id);
    },

    async importDocument(actor, document) {
      requirePermission(actor, 'inventory.manage');
      const changeSet: InventoryChange = {
        departments: document.departments.map((value, i) => ({ value, path: ['departments', i] })),
        services: document.services.map((value, i) => ({ value, path: ['services', i] })),
        assets: document.assets.map((value, i) => ({ value, path: ['assets', i] })),
      };
      if (changeSet.departments.length > 0) requirePermission(actor, 'departments.manage');
      return change(actor, async (trx, record) => {
        const values = changeSet.departments.map((d) => d.value);
        const departments = await upsertDepartments(trx, record, values, now().toISOString());
        const counts = await apply(actor, trx, record, changeSet);
        const summary = { departments, ...counts };
        record({
          action: 'inventory.import',
          targetType: 'inventory',
          targetId: 'import',
          departmentId: null,
          details: summary,
        });
        return summary;
      });
    },

    async applyDiscovery(actor, connector, mutation) {
      requirePermission(actor, 'inventory.manage');
      return change(actor, async (trx, record) => {
        const stored = await listAssets(trx, { all: true });
        const plan = planDiscovery(connector, mutation, new Map(stored.map((a) => [a.id, a.discovered_by ?? null])));
        const assets = plan.upsert.map((value, i) => ({ value, path: ['assets', i] }));
        const counts = await apply(actor, trx, record, { departments: [], services: [], assets });
        const dependants = await dependantsOf(trx);
        const refused = [...plan.refused];
        let removed = 0;
        for (const id of plan.remove) {
          const needed = dependants.get(`asset:${id}`) ?? [];
          const before = stored.find((a) => a.id === id);
          if (!before || !canSeeDepartment(actor, before.department)) {
            refused.push({ id, reason: 'not in your departments' });
          } else if (needed.length > 0) {
            refused.push({ id, reason: `still needed by ${needed.slice(0, 5).join(', ')}` });
          } else {
            await deleteAssetRow(trx, id);
            removed += 1;
            record({
              action: 'asset.delete',
              targetType: 'asset',
              targetId: id,
              departmentId: before.department,
              before,
              details: { connector },
            });
          }
        }
        const summary = { ...counts.assets, removed, refused };
        record({
          action: 'inventory.discovery',
          targetType: 'connector',
          targetId: connector,
          departmentId: null,
          details: {
            type: mutation.type,
            created: summary.created,
            updated: summary.updated,
            removed,
            refused: refused.length,
          },
        });
        return summary;
      });
    },

    async exportDocument(actor) {
      requirePermission(actor, 'inventory.read');
      const [services, assets, departments] = await Promise.all([
        listServices(store.db, actor.departments),
        listAssets(store.db, actor.departments),
        deps.departments.list(actor),
      ]);
      return exportableDocument({ departments, services, assets });
    },
  };
}
