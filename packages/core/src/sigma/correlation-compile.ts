import { type ConditionTest, type SigmaCorrelation } from './correlation-types.ts';
import type { RuleRejection, SigmaRule } from './types.ts';

/** What a reference resolves to: a base rule (by id) or another correlation (by position in the set). */
export type Target = { kind: 'rule'; id: string } | { kind: 'correlation'; index: number };

/** The key a rule or correlation is known by inside the correlator. */
export const nodeKey = (t: Target) => (t.kind === 'rule' ? `rule:${t.id}` : `correlation:${t.index}`);

/** One referenced rule of a correlation, with the event field read for each `group-by` name (aliases applied). */
export interface CorrelationSource {
  readonly target: Target;
  /** position in the correlation's `rules` (order matters for temporal_ordered) */
  readonly position: number;
  readonly groupFields: readonly string[];
}

export interface CompiledCorrelation {
  readonly correlation: SigmaCorrelation;
  readonly index: number;
  readonly sources: readonly CorrelationSource[];
  /** the condition, with temporal's default (`gte` the number of referenced rules) filled in */
  readonly condition: readonly ConditionTest[];
  /** false when every correlation referencing this one has `generate: false`: its hits only feed the chain */
  readonly emits: boolean;
}

/** A checked correlation set, ready for `createCorrelator`. */
export interface CompiledCorrelations {
  readonly correlations: readonly CompiledCorrelation[];
  readonly rejected: readonly RuleRejection[];
  /** Base-rule ids whose own hits are not reported: every correlation referencing them has `generate: false`. */
  readonly silentRules: ReadonlySet<string>;
}

type Resolved = { ok: true; target: Target } | { ok: false; reason: string };

/** Name → target over the whole collection; a name that means two different things is ambiguous, not a guess. */
function referenceTable(correlations: readonly SigmaCorrelation[], rules: readonly SigmaRule[]) {
  const table = new Map<string, Target | 'ambiguous'>();
  const add = (key: string | null | undefined, target: Target) => {
    if (key === null || key === undefined) return;
    const existing = table.get(key);
    if (existing === undefined) table.set(key, target);
    else if (existing === 'ambiguous' || nodeKey(existing) !== nodeKey(target)) table.set(key, 'ambiguous');
  };
  for (const r of rules) {
    add(r.id, { kind: 'rule', id: r.id });
    add(r.name, { kind: 'rule', id: r.id });
  }
  correlations.forEach((c, index) => {
    add(c.id, { kind: 'correlation', index });
    add(c.name, { kind: 'correlation', index });
  });
  return (ref: string): Resolved => {
    const target = table.get(ref);
    if (target === undefined) return { ok: false, reason: `references unknown rule '${ref}'` };
    if (target === 'ambiguous') return { ok: false, reason: `reference '${ref}' names more than one rule` };
    return { ok: true, target };
  };
}

/** Sources of one correlation, or why it cannot run (unknown references, aliases naming rules it does not use). */
function sourcesOf(
  c: SigmaCorrelation,
  index: number,
  resolve: (ref: string) => Resolved,
): CorrelationSource[] | string {
  if (c.type === 'value_percentile') {
    return 'value_percentile is not supported: the spec leaves its semantics open (SIGMA.md: low priority)';
  }
  const sources: CorrelationSource[] = [];
  const seen = new Set<string>();
  for (const ref of c.rules) {
    const resolved = resolve(ref);
    if (!resolved.ok) return `correlation.rules ${resolved.reason}`;
    const key = nodeKey(resolved.target);
    if (resolved.target.kind === 'correlation' && resolved.target.index === index) return 'references itself';
    if (seen.has(key)) return `correlation.rules names '${ref}' twice`;
    seen.add(key);
    sources.push({ target: resolved.target, position: sources.length, groupFields: [] });
  }
  for (const [alias, mapping] of Object.entries(c.aliases)) {
    for (const ref of Object.keys(mapping)) {
      const resolved = resolve(ref);
      if (!resolved.ok || !seen.has(nodeKey(resolved.target))) {
        return `aliases.${alias}: '${ref}' is not one of the correlation's rules`;
      }
    }
  }
  // An alias maps each rule's own field to the group-by name; a rule the alias does not mention uses the name.
  return sources.map((s) => {
    const fieldFor = (g: string) => {
      const mapping = c.aliases[g] ?? {};
      const hit = Object.entries(mapping).find(([ref]) => {
        const r = resolve(ref);
        return r.ok && nodeKey(r.target) === nodeKey(s.target);
      });
      return hit ? hit[1] : g;
    };
    return { ...s, groupFields: c.groupBy.map(fieldFor) };
  });
}

/**
 * Checks a correlation set against the base rules that compiled (pass `engine.rules`): every reference must
 * name exactly one loaded rule or correlation, chains must not loop, and a correlation built on a refused one
 * is refused too. Duplicate keys (id, else name, else title) are refused like duplicate rule ids.
 */
export function compileCorrelations(
  correlations: readonly SigmaCorrelation[],
  rules: readonly SigmaRule[],
): CompiledCorrelations {
  const resolve = referenceTable(correlations, rules);
  const reasons = new Map<number, string>();
  const sources = new Map<number, CorrelationSource[]>();
  const keys = new Set<string>();
  correlations.forEach((c, index) => {
    if (keys.has(c.key)) return reasons.set(index, `duplicate correlation key ${c.key}`);
    keys.add(c.key);
    const result = sourcesOf(c, index, resolve);
    if (typeof result === 'string') reasons.set(index, result);
    else sources.set(index, result);
  });
  const inners = (index: number) =>
    (sources.get(index) ?? []).flatMap((s) => (s.target.kind === 'correlation' ? [s.target.index] : []));
  const reaches = (from: number, to: number, seen: Set<number>): boolean =>
    inners(from).some((i) => i === to || (!seen.has(i) && seen.add(i) && reaches(i, to, seen)));
  for (const index of sources.keys()) {
    if (reaches(index, index, new Set())) reasons.set(index, 'its chain of correlations loops');
  }
  // A correlation built on a refused one is refused too, up the chain until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const index of sources.keys()) {
      const refused = reasons.has(index) ? undefined : inners(index).find((i) => reasons.has(i));
      if (refused === undefined) continue;
      reasons.set(index, `references refused correlation '${correlations[refused]!.key}'`);
      changed = true;
    }
  }
  const accepted = correlations.flatMap((c, index) => (reasons.has(index) ? [] : [{ c, index }]));
  const referencedBy = new Map<string, boolean[]>();
  for (const { c, index } of accepted) {
    for (const s of sources.get(index)!) {
      const key = nodeKey(s.target);
      referencedBy.set(key, [...(referencedBy.get(key) ?? []), c.generate]);
    }
  }
  const silent = (t: Target) => referencedBy.get(nodeKey(t))?.every((generate) => !generate) ?? false;
  return {
    correlations: accepted.map(({ c, index }) => ({
      correlation: c,
      index,
      sources: sources.get(index)!,
      condition: c.condition.length > 0 ? c.condition : [{ op: 'gte', value: sources.get(index)!.length }],
      emits: !silent({ kind: 'correlation', index }),
    })),
    rejected: [...reasons]
      .sort(([a], [b]) => a - b)
      .map(([index, reason]) => {
        const c = correlations[index]!;
        return { ...(c.file === undefined ? {} : { file: c.file }), id: c.key, reason };
      }),
    silentRules: new Set(rules.filter((r) => silent({ kind: 'rule', id: r.id })).map((r) => r.id)),
  };
}
