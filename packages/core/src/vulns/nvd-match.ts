import { ANY, type Cpe, compareAttribute, cpeProductKey, describeCpeValue, NA, tryParseCpe } from './cpe.ts';
import {
  type AssetCpe,
  type PossibleMatch,
  type Tri,
  triAnd,
  triNot,
  triOr,
  unknownVersionWhy,
  type VulnMatch,
} from './match-types.ts';
import { versionInRange, type VersionRange, versionsEqual } from './version.ts';
import type { NvdApplicability, NvdCpeMatch } from './vuln-record.ts';

/**
 * NVD configuration semantics (NVD CVE API 2.0):
 * - a CVE's configurations are ORed; a configuration combines its nodes with its `operator` (AND = "running
 *   on": a vulnerable application node and a non-vulnerable platform node, both must hold), then `negate`;
 * - a node combines its `cpeMatch` criteria with its `operator`, then `negate`;
 * - a criterion holds when one of the asset's CPEs matches it: same vendor:product key, every other attribute
 *   matching per NISTIR 7696, and the version either equal to the criterion's literal version or inside
 *   `versionStart*`/`versionEnd*` (the criterion's version is then `*`).
 * Only criteria with `vulnerable: true` are reported; platform criteria (`vulnerable: false`) only gate.
 * All logic is three-valued (Kleene): an asset whose version is `*`/`-` or not comparable gives 'unknown', which
 * yields a possible match, never a finding.
 */

const OTHER_ATTRIBUTES = ['update', 'edition', 'language', 'swEdition', 'targetSw', 'targetHw', 'other'] as const;

interface NvdCriterion {
  readonly source: NvdCpeMatch;
  readonly cpe: Cpe;
  readonly key: string;
  readonly range: VersionRange | null;
  readonly rangeText: string;
}

interface CompiledNode {
  readonly operator: 'AND' | 'OR';
  readonly negate: boolean;
  readonly criteria: readonly NvdCriterion[];
  /** Criteria whose CPE did not parse: they never hold, so an AND node with one never holds either. */
  readonly invalid: number;
}

/** A configuration with parsed CPEs and version ranges, ready to evaluate against many assets. */
export interface CompiledNvdConfig {
  readonly operator: 'AND' | 'OR';
  readonly negate: boolean;
  readonly nodes: readonly CompiledNode[];
  /** vendor:product keys of the vulnerable criteria: what the index files this configuration under. */
  readonly vulnerableKeys: ReadonlySet<string>;
  /** Criteria whose CPE did not parse (never match). */
  readonly invalid: number;
}

function rangeOf(m: NvdCpeMatch): VersionRange | null {
  const start = m.versionStartIncluding ?? m.versionStartExcluding;
  const end = m.versionEndIncluding ?? m.versionEndExcluding;
  if (start === undefined && end === undefined) return null;
  return {
    ...(start !== undefined && { start: { version: start, inclusive: m.versionStartIncluding !== undefined } }),
    ...(end !== undefined && { end: { version: end, inclusive: m.versionEndIncluding !== undefined } }),
  };
}

function rangeText(m: NvdCpeMatch, cpe: Cpe): string {
  const parts: string[] = [];
  if (m.versionStartIncluding !== undefined) parts.push(`versionStartIncluding ${m.versionStartIncluding}`);
  if (m.versionStartExcluding !== undefined) parts.push(`versionStartExcluding ${m.versionStartExcluding}`);
  if (m.versionEndIncluding !== undefined) parts.push(`versionEndIncluding ${m.versionEndIncluding}`);
  if (m.versionEndExcluding !== undefined) parts.push(`versionEndExcluding ${m.versionEndExcluding}`);
  if (parts.length > 0) return parts.join(', ');
  if (cpe.version === ANY) return 'all versions';
  if (cpe.version === NA) return 'version -';
  return `version ${typeof cpe.version === 'string' ? cpe.version : cpe.version.text}`;
}

export function compileNvdConfig(config: NvdApplicability): CompiledNvdConfig {
  const vulnerableKeys = new Set<string>();
  let invalid = 0;
  const nodes = config.nodes.map((node) => {
    const criteria: NvdCriterion[] = [];
    let invalidInNode = 0;
    for (const m of node.cpeMatch) {
      const cpe = tryParseCpe(m.criteria);
      const key = cpe && cpeProductKey(cpe);
      if (!cpe || !key) {
        invalidInNode++;
        continue;
      }
      if (m.vulnerable) vulnerableKeys.add(key);
      criteria.push({ source: m, cpe, key, range: rangeOf(m), rangeText: rangeText(m, cpe) });
    }
    invalid += invalidInNode;
    return { operator: node.operator, negate: node.negate, criteria, invalid: invalidInNode };
  });
  return { operator: config.operator, negate: config.negate, nodes, vulnerableKeys, invalid };
}

function versionMatch(criterion: NvdCriterion, asset: Cpe): Tri {
  const wanted = criterion.cpe.version;
  const have = asset.version;
  if (criterion.range) {
    if (typeof have !== 'string') return 'unknown';
    const base = wanted === ANY ? 'yes' : compareAttribute(wanted, have);
    return triAnd(base, versionInRange(have, criterion.range));
  }
  if (wanted === ANY) return 'yes';
  if (have === ANY || have === NA) return wanted === NA && have === NA ? 'yes' : 'unknown';
  if (typeof wanted === 'string' && typeof have === 'string') return versionsEqual(wanted, have) ? 'yes' : 'no';
  return compareAttribute(wanted, have);
}

/** One criterion against one of the asset's CPEs. */
export function matchNvdCriterion(criterion: NvdCriterion, asset: AssetCpe): Tri {
  if (asset.key !== criterion.key) return 'no';
  let result = compareAttribute(criterion.cpe.part, asset.cpe.part);
  for (const attribute of OTHER_ATTRIBUTES) {
    if (result === 'no') return 'no';
    result = triAnd(result, compareAttribute(criterion.cpe[attribute], asset.cpe[attribute]));
  }
  return result === 'no' ? 'no' : triAnd(result, versionMatch(criterion, asset.cpe));
}

function unknownWhy(criterion: NvdCriterion, asset: Cpe): string {
  for (const attribute of ['part', ...OTHER_ATTRIBUTES] as const) {
    if (compareAttribute(criterion.cpe[attribute], asset[attribute]) === 'unknown') {
      return `${attribute} unknown (the vulnerable CPE names ${describeCpeValue(criterion.cpe[attribute])})`;
    }
  }
  return unknownVersionWhy(asset.version);
}

interface CriterionOutcome {
  readonly criterion: NvdCriterion;
  readonly result: Tri;
  /** The asset's CPEs that gave `result` (yes, or unknown when none gave yes). */
  readonly by: readonly AssetCpe[];
}

function evaluateCriterion(criterion: NvdCriterion, software: readonly AssetCpe[]): CriterionOutcome {
  const yes: AssetCpe[] = [];
  const unknown: AssetCpe[] = [];
  for (const asset of software) {
    const r = matchNvdCriterion(criterion, asset);
    if (r === 'yes') yes.push(asset);
    else if (r === 'unknown') unknown.push(asset);
  }
  if (yes.length > 0) return { criterion, result: 'yes', by: yes };
  return { criterion, result: unknown.length > 0 ? 'unknown' : 'no', by: unknown };
}

/**
 * What one configuration says about one asset. `decided`: the asset's CPEs named by a vulnerable criterion when
 * the answer is definite (yes or no) — a definite answer from one source silences possible matches of others.
 */
export interface NvdEvaluation {
  readonly result: Tri;
  readonly matches: VulnMatch[];
  readonly possible: PossibleMatch[];
  readonly decided: readonly string[];
}

export function evaluateNvdConfig(config: CompiledNvdConfig, software: readonly AssetCpe[]): NvdEvaluation {
  const outcomes: CriterionOutcome[][] = [];
  let result: Tri = config.operator === 'AND' ? 'yes' : 'no';
  for (const node of config.nodes) {
    const nodeOutcomes = node.criteria.map((c) => evaluateCriterion(c, software));
    outcomes.push(node.negate ? [] : nodeOutcomes);
    let nodeResult: Tri = node.operator === 'AND' ? 'yes' : 'no';
    for (const o of nodeOutcomes) {
      nodeResult = node.operator === 'AND' ? triAnd(nodeResult, o.result) : triOr(nodeResult, o.result);
    }
    if (node.criteria.length === 0 || (node.operator === 'AND' && node.invalid > 0)) nodeResult = 'no';
    if (node.negate) nodeResult = triNot(nodeResult);
    result = config.operator === 'AND' ? triAnd(result, nodeResult) : triOr(result, nodeResult);
  }
  if (config.nodes.length === 0) result = 'no';
  if (config.negate) result = triNot(result);

  const flat = outcomes.flat();
  const decided =
    result === 'unknown'
      ? []
      : software.filter((s) => s.key !== null && config.vulnerableKeys.has(s.key)).map((s) => s.cpe.raw);
  const platform = flat
    .filter((o) => !o.criterion.source.vulnerable && o.result === 'yes')
    .flatMap((o) => o.by.map((a) => a.cpe.raw));
  const matches: VulnMatch[] = [];
  const possible: PossibleMatch[] = [];
  for (const o of flat) {
    if (!o.criterion.source.vulnerable || o.result === 'no') continue;
    for (const asset of o.by) {
      const match: VulnMatch = {
        cpe: asset.cpe.raw,
        matchedBy: 'nvd',
        criteria: o.criterion.source.criteria,
        range: o.criterion.rangeText,
        ...(platform.length > 0 && { platform: [...new Set(platform)] }),
      };
      if (result === 'yes' && o.result === 'yes') matches.push(match);
      else if (result === 'unknown') {
        const why =
          o.result === 'yes' ? 'platform of the configuration not confirmed' : unknownWhy(o.criterion, asset.cpe);
        possible.push({ ...match, why });
      }
    }
  }
  return { result, matches, possible, decided };
}
