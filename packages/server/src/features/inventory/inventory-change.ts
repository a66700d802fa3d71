import {
  type Asset,
  type AssetDefinition,
  canSeeDepartment,
  findGraphProblems,
  type GraphNodeInput,
  type InventoryDepartment,
  type InventoryProblem,
  type Principal,
  type Service,
  type ServiceDefinition,
} from '@citysoc/core';
import type { Queryable } from '../../platform/db/database.ts';
import { allDepartmentIds } from '../departments/index.ts';
import { inventoryProblems } from './inventory-file.ts';
import { duplicateIds, type Located, unknownMembers } from './inventory-check.ts';
import { listAssets, listServices } from './inventory.repository.ts';

/** A set of definitions to write together, each with its place in the document it came from. */
export interface InventoryChange {
  departments: Located<InventoryDepartment>[];
  services: Located<ServiceDefinition>[];
  assets: Located<AssetDefinition>[];
}

export interface StoredInventory {
  services: Map<string, Service>;
  assets: Map<string, Asset>;
}

/**
 * Checks a change against the whole city as it will be after the change, inside the writing transaction:
 * duplicate ids, departments that do not exist or are not the actor's, objects of other departments,
 * dependency members that do not exist, and dependency cycles (via the core graph). Throws one InputError
 * listing every problem; returns what is stored now so the caller can audit before/after.
 */
export async function checkInventoryChange(
  trx: Queryable,
  actor: Principal,
  change: InventoryChange,
): Promise<{ existing: StoredInventory }> {
  const [services, assets, departmentIds] = await Promise.all([
    listServices(trx, { all: true }),
    listAssets(trx, { all: true }),
    allDepartmentIds(trx),
  ]);
  const existing: StoredInventory = {
    services: new Map(services.map((s) => [s.id, s])),
    assets: new Map(assets.map((a) => [a.id, a])),
  };
  for (const { value } of change.departments) departmentIds.add(value.id);

  const problems: InventoryProblem[] = [
    ...duplicateIds(change.departments, 'department'),
    ...duplicateIds(change.services, 'service'),
    ...duplicateIds(change.assets, 'asset'),
    ...ownership(actor, change.services, existing.services, departmentIds),
    ...ownership(actor, change.assets, existing.assets, departmentIds),
  ];
  const known = {
    services: new Set([...existing.services.keys(), ...change.services.map((s) => s.value.id)]),
    assets: new Set([...existing.assets.keys(), ...change.assets.map((a) => a.value.id)]),
  };
  const owners = [...change.services, ...change.assets];
  problems.push(...unknownMembers(owners, known));
  // Cycles only once every reference resolves: the graph search needs a well-formed graph to name them.
  if (problems.length === 0) problems.push(...cycles(change, existing));
  if (problems.length > 0) throw inventoryProblems(problems);
  return { existing };
}

function ownership(
  actor: Principal,
  items: readonly Located<ServiceDefinition | AssetDefinition>[],
  stored: ReadonlyMap<string, { department: string }>,
  departmentIds: ReadonlySet<string>,
): InventoryProblem[] {
  const problems: InventoryProblem[] = [];
  for (const { value, path } of items) {
    if (!departmentIds.has(value.department)) {
      problems.push({ path: [...path, 'department'], reason: `unknown department '${value.department}'` });
    } else if (!canSeeDepartment(actor, value.department)) {
      problems.push({ path: [...path, 'department'], reason: `department '${value.department}' is not one of yours` });
    }
    const before = stored.get(value.id);
    if (before && !canSeeDepartment(actor, before.department)) {
      problems.push({ path: [...path, 'id'], reason: `'${value.id}' belongs to a department that is not yours` });
    }
  }
  return problems;
}

function cycles(change: InventoryChange, existing: StoredInventory): InventoryProblem[] {
  const services = new Map<string, ServiceDefinition>(existing.services);
  const assets = new Map<string, AssetDefinition>(existing.assets);
  for (const { value } of change.services) services.set(value.id, value);
  for (const { value } of change.assets) assets.set(value.id, value);
  const nodes: GraphNodeInput[] = [
    ...[...services.values()].map((s) => ({
      kind: 'service' as const,
      id: s.id,
      population: s.population,
      dependsOn: s.depends_on,
    })),
    ...[...assets.values()].map((a) => ({ kind: 'asset' as const, id: a.id, dependsOn: a.depends_on })),
  ];
  const pathOf = new Map<string, (string | number)[]>([
    ...change.services.map((s) => [`service:${s.value.id}`, s.path] as const),
    ...change.assets.map((a) => [`asset:${a.value.id}`, a.path] as const),
  ]);
  const problems: InventoryProblem[] = [];
  for (const problem of findGraphProblems(nodes)) {
    if (problem.type !== 'cycle') continue;
    const names = problem.cycle.map((ref) => `${ref.kind} '${ref.id}'`);
    const inChange = problem.cycle.find((ref) => pathOf.has(`${ref.kind}:${ref.id}`));
    const path = inChange ? [...(pathOf.get(`${inChange.kind}:${inChange.id}`) ?? []), 'depends_on'] : [];
    problems.push({ path, reason: `dependency cycle: ${[...names, names[0]].join(' → ')}` });
  }
  return problems;
}
