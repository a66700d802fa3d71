import type { RuleOrigin } from './rule-content.ts';

/**
 * Stance rule packs (content/stance/level-*.yml `rule_packs`): `folder:X` holds the rules lying in a
 * sub-folder named X of a rules dir; `tag:T` the rules carrying Sigma tag T. A rule that belongs to a pack some
 * policy names is off unless the stance in force enables one of its packs.
 *
 * One exception, and why: the shipped baseline (content/rules outside any pack folder) is always on. Policy
 * level 1 says so ("the shipped rules are always on"), and tag packs exist for noisy hunting rules (policy.ts),
 * while the baseline carries ATT&CK tags too: SSH brute force is `attack.credential-access`, the IDS scan rule
 * `attack.discovery`. Gating them by tag would switch the city's core detections off in peacetime. So tag packs
 * apply to the rules of configured folders (a SigmaHQ checkout) and to uploaded rules; folder packs apply to
 * every rules dir, the shipped one included (content/rules/intel-hunting, content/rules/ot-strict).
 */
export function packsOf(
  item: { readonly tags: readonly string[] },
  origin: RuleOrigin,
  namedPacks: ReadonlySet<string>,
): string[] {
  const folderPacks = origin.folders.map((folder) => `folder:${folder}`).filter((pack) => namedPacks.has(pack));
  const baseline = origin.source === 'shipped' && folderPacks.length === 0;
  const tagPacks = baseline ? [] : item.tags.map((tag) => `tag:${tag}`).filter((pack) => namedPacks.has(pack));
  return [...new Set([...folderPacks, ...tagPacks])];
}

/** Whether a rule in `packs` runs while `enabled` packs are on: in no pack, or in one that is enabled. */
export function packEnabled(packs: readonly string[], enabled: ReadonlySet<string>): boolean {
  return packs.length === 0 || packs.some((pack) => enabled.has(pack));
}
