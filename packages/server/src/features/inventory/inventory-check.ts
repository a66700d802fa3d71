import { type AssetDefinition, dependencyMembers, type ServiceDefinition } from '@citysoc/core';
import type { InventoryProblem } from '@citysoc/core';

/** Where an object sits in the document being checked, so problems point at it. */
export interface Located<T> {
  value: T;
  path: (string | number)[];
}

export interface KnownIds {
  services: ReadonlySet<string>;
  assets: ReadonlySet<string>;
}

/**
 * Every dependency member must name a service or asset that exists after the change (in the change itself or
 * already stored). Reported per member with the path of the id that is wrong.
 */
export function unknownMembers(
  owners: readonly Located<ServiceDefinition | AssetDefinition>[],
  known: KnownIds,
): InventoryProblem[] {
  const problems: InventoryProblem[] = [];
  for (const { value, path } of owners) {
    value.depends_on.forEach((group, index) => {
      for (const member of dependencyMembers(group)) {
        const exists = member.kind === 'service' ? known.services.has(member.id) : known.assets.has(member.id);
        if (!exists) {
          problems.push({
            path: [...path, 'depends_on', index, memberKey(group, member.kind)],
            reason: `unknown ${member.kind} '${member.id}'`,
          });
        }
      }
    });
  }
  return problems;
}

function memberKey(group: ServiceDefinition['depends_on'][number], kind: 'service' | 'asset'): string {
  if (kind === 'service') return group.service !== undefined ? 'service' : 'services';
  return group.asset !== undefined ? 'asset' : 'assets';
}

/** Ids that appear twice in one document: the second is refused (an import must be unambiguous). */
export function duplicateIds(items: readonly Located<{ id: string }>[], kind: string): InventoryProblem[] {
  const seen = new Set<string>();
  const problems: InventoryProblem[] = [];
  for (const { value, path } of items) {
    if (seen.has(value.id)) problems.push({ path: [...path, 'id'], reason: `${kind} '${value.id}' appears twice` });
    seen.add(value.id);
  }
  return problems;
}
