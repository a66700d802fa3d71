import { describe, expect, it } from 'vitest';
import type { RuleOrigin } from './rule-content.ts';
import { packEnabled, packsOf } from './rule-packs.ts';

const NAMED = new Set(['folder:intel-hunting', 'folder:ot-strict', 'tag:attack.discovery', 'tag:attack.impact']);
const origin = (source: RuleOrigin['source'], folders: string[] = []): RuleOrigin => ({
  source,
  folders,
  department: null,
  uploadedBy: null,
});

describe('stance rule packs', () => {
  it('puts a rule in the folder packs of the sub-folders it lies in', () => {
    expect(packsOf({ tags: [] }, origin('shipped', ['ot-strict']), NAMED)).toEqual(['folder:ot-strict']);
    expect(packsOf({ tags: [] }, origin('folder', ['windows', 'intel-hunting']), NAMED)).toEqual([
      'folder:intel-hunting',
    ]);
    expect(packsOf({ tags: [] }, origin('folder', ['crisis']), NAMED)).toEqual([]);
  });

  it('gates folder and uploaded rules by tag, but never the shipped baseline', () => {
    const tags = ['attack.discovery', 'attack.t1046'];
    expect(packsOf({ tags }, origin('folder', ['windows']), NAMED)).toEqual(['tag:attack.discovery']);
    expect(packsOf({ tags }, origin('uploaded'), NAMED)).toEqual(['tag:attack.discovery']);
    expect(packsOf({ tags }, origin('shipped', ['citysoc']), NAMED)).toEqual([]);
    expect(packsOf({ tags }, origin('shipped', ['ot-strict']), NAMED)).toEqual([
      'folder:ot-strict',
      'tag:attack.discovery',
    ]);
  });

  it('runs a rule in no pack always, and a pack rule while one of its packs is enabled', () => {
    expect(packEnabled([], new Set())).toBe(true);
    expect(packEnabled(['folder:ot-strict'], new Set())).toBe(false);
    expect(packEnabled(['folder:ot-strict', 'tag:attack.discovery'], new Set(['tag:attack.discovery']))).toBe(true);
  });
});
