import { describe, expect, it } from 'vitest';
import { DiscoveryMutation, planDiscovery } from './discovery-mutation.ts';

const asset = (id: string) => ({ id, name: id, type: 'endpoint', department: 'it' });
const owners = new Map<string, string | null>([
  ['laptop-1', 'mdm'],
  ['laptop-2', 'mdm'],
  ['server-1', null],
  ['vm-9', 'cloud'],
]);

describe('discovery mutations', () => {
  it('a full mutation upserts what the connector sees and removes what it no longer sees', () => {
    const plan = planDiscovery(
      'mdm',
      DiscoveryMutation.parse({ type: 'full', assets: [asset('laptop-1'), asset('laptop-3')] }),
      owners,
    );
    expect(plan.upsert.map((a) => [a.id, a.discovered_by])).toEqual([
      ['laptop-1', 'mdm'],
      ['laptop-3', 'mdm'],
    ]);
    expect(plan.remove).toEqual(['laptop-2']);
    expect(plan.refused).toEqual([]);
  });

  it('a delta adds and removes only what it names', () => {
    const plan = planDiscovery(
      'mdm',
      DiscoveryMutation.parse({ type: 'delta', added: [asset('laptop-4')], removed: ['laptop-2', 'gone'] }),
      owners,
    );
    expect(plan.upsert.map((a) => a.id)).toEqual(['laptop-4']);
    expect(plan.remove).toEqual(['laptop-2']);
  });

  it('refuses to change assets kept by hand or by another connector, by name', () => {
    const plan = planDiscovery(
      'mdm',
      DiscoveryMutation.parse({ type: 'delta', added: [asset('server-1')], removed: ['vm-9'] }),
      owners,
    );
    expect(plan.upsert).toEqual([]);
    expect(plan.remove).toEqual([]);
    expect(plan.refused).toEqual([
      { id: 'server-1', reason: 'kept by hand in the inventory' },
      { id: 'vm-9', reason: "managed by connector 'cloud'" },
    ]);
  });

  it('an empty full mutation removes everything the connector owned, and nothing else', () => {
    const plan = planDiscovery('cloud', DiscoveryMutation.parse({ type: 'full', assets: [] }), owners);
    expect(plan.remove).toEqual(['vm-9']);
  });
});
