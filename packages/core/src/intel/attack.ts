/**
 * MITRE ATT&CK as a technique catalogue, read from the STIX objects MITRE publishes (enterprise as STIX 2.0,
 * ICS as 2.1; both are imported like any intelligence), and the detection coverage of the city's rules over it.
 * Rules link to techniques through their Sigma tags (`attack.t1059.001`), so alerts and incidents carrying a
 * rule's tags link to the same catalogue.
 */

export const AttackDomain = ['enterprise', 'ics'] as const;
export type AttackDomain = (typeof AttackDomain)[number];

const DOMAIN_NAMES: Readonly<Record<AttackDomain, { domain: string; killChain: string }>> = {
  enterprise: { domain: 'enterprise-attack', killChain: 'mitre-attack' },
  ics: { domain: 'ics-attack', killChain: 'mitre-ics-attack' },
};

export interface AttackTactic {
  /** `TA0001` */
  readonly id: string;
  /** `initial-access`: the kill-chain phase name techniques and Sigma tags use */
  readonly shortname: string;
  readonly name: string;
}

export interface AttackTechnique {
  /** `T1059` or `T1059.001` */
  readonly id: string;
  readonly name: string;
  /** tactic shortnames, in the order MITRE lists them */
  readonly tactics: readonly string[];
  /** `T1059` for `T1059.001`, else null */
  readonly parent: string | null;
  readonly url: string | null;
}

export interface AttackCatalogue {
  readonly domain: AttackDomain;
  /** In the matrix's column order. */
  readonly tactics: readonly AttackTactic[];
  readonly techniques: ReadonlyMap<string, AttackTechnique>;
}

type Loose = Record<string, unknown>;

function mitreReference(object: Loose): { id: string; url: string | null } | null {
  const refs = Array.isArray(object.external_references) ? (object.external_references as Loose[]) : [];
  const ref = refs.find((r) => typeof r === 'object' && r !== null && r.source_name === 'mitre-attack');
  if (!ref || typeof ref.external_id !== 'string') return null;
  return { id: ref.external_id, url: typeof ref.url === 'string' ? ref.url : null };
}

function inDomain(object: Loose, domain: AttackDomain): boolean {
  const { domain: name, killChain } = DOMAIN_NAMES[domain];
  if (Array.isArray(object.x_mitre_domains)) return object.x_mitre_domains.includes(name);
  // Older exports carry no x_mitre_domains: fall back to the kill chain the object is placed in.
  const phases = Array.isArray(object.kill_chain_phases) ? (object.kill_chain_phases as Loose[]) : [];
  return phases.some((p) => p.kill_chain_name === killChain);
}

const live = (object: Loose): boolean => object.revoked !== true && object.x_mitre_deprecated !== true;

/**
 * The catalogue of one ATT&CK domain from its STIX objects (any order; other objects are ignored). Revoked and
 * deprecated objects are left out. Tactics follow the domain's matrix (`x-mitre-matrix.tactic_refs`); without a
 * matrix, their ids' order.
 */
export function attackCatalogue(objects: Iterable<Loose>, domain: AttackDomain): AttackCatalogue {
  const tacticsById = new Map<string, AttackTactic>();
  let order: readonly string[] | null = null;
  const techniques = new Map<string, AttackTechnique>();
  const killChain = DOMAIN_NAMES[domain].killChain;
  for (const object of objects) {
    if (!live(object) || !inDomain(object, domain)) continue;
    if (object.type === 'x-mitre-matrix' && Array.isArray(object.tactic_refs)) {
      order = object.tactic_refs.filter((r): r is string => typeof r === 'string');
    } else if (object.type === 'x-mitre-tactic') {
      const ref = mitreReference(object);
      if (ref && typeof object.x_mitre_shortname === 'string' && typeof object.id === 'string') {
        tacticsById.set(object.id, { id: ref.id, shortname: object.x_mitre_shortname, name: String(object.name) });
      }
    } else if (object.type === 'attack-pattern') {
      const ref = mitreReference(object);
      if (!ref || !/^T\d{4}(\.\d{3})?$/.test(ref.id)) continue;
      const phases = Array.isArray(object.kill_chain_phases) ? (object.kill_chain_phases as Loose[]) : [];
      techniques.set(ref.id, {
        id: ref.id,
        name: String(object.name),
        tactics: phases.filter((p) => p.kill_chain_name === killChain).map((p) => String(p.phase_name)),
        parent: ref.id.includes('.') ? ref.id.slice(0, ref.id.indexOf('.')) : null,
        url: ref.url,
      });
    }
  }
  const tactics =
    order === null
      ? [...tacticsById.values()].sort((a, b) => a.id.localeCompare(b.id))
      : order.flatMap((ref) => {
          const tactic = tacticsById.get(ref);
          return tactic ? [tactic] : [];
        });
  return { domain, tactics, techniques };
}

/** Technique ids a rule's (or alert's) Sigma tags name: `attack.t1059.001` → `T1059.001`. */
export function attackTechniqueIds(tags: readonly string[]): string[] {
  const ids: string[] = [];
  for (const tag of tags) {
    const match = /^attack\.(t\d{4}(?:\.\d{3})?)$/i.exec(tag);
    if (match?.[1]) ids.push(match[1].toUpperCase());
  }
  return ids;
}

export interface CoverageInput {
  /** Enabled rules with their tags. */
  readonly rules: readonly { readonly id: string; readonly tags: readonly string[] }[];
  /** Alerts by technique id (sub-techniques counted on their own id; they roll up here). */
  readonly alerts: ReadonlyMap<string, number>;
}

export interface CoverageTechnique {
  readonly id: string;
  readonly name: string;
  readonly url: string | null;
  /** Rules tagged with the technique or one of its sub-techniques. */
  readonly rules: readonly string[];
  readonly alerts_30d: number;
}

export interface AttackCoverage {
  readonly domain: AttackDomain;
  readonly imported: boolean;
  readonly techniques_total: number;
  readonly techniques_covered: number;
  readonly tactics: readonly (AttackTactic & { readonly techniques: readonly CoverageTechnique[] })[];
}

/**
 * The coverage matrix: one column per tactic, one cell per technique (sub-techniques roll up into their parent,
 * as the ATT&CK Navigator shows them folded), with the rules that would detect it and the alerts it raised.
 * Counted once per technique, however many tactics list it.
 */
export function attackCoverage(catalogue: AttackCatalogue, input: CoverageInput): AttackCoverage {
  const rulesByTechnique = new Map<string, Set<string>>();
  for (const rule of input.rules) {
    for (const id of attackTechniqueIds(rule.tags)) {
      const top = id.includes('.') ? id.slice(0, id.indexOf('.')) : id;
      let set = rulesByTechnique.get(top);
      if (!set) rulesByTechnique.set(top, (set = new Set()));
      set.add(rule.id);
    }
  }
  const alertsByTechnique = new Map<string, number>();
  for (const [id, count] of input.alerts) {
    const top = id.includes('.') ? id.slice(0, id.indexOf('.')) : id;
    alertsByTechnique.set(top, (alertsByTechnique.get(top) ?? 0) + count);
  }
  const topLevel = [...catalogue.techniques.values()].filter((t) => t.parent === null);
  const cell = (t: AttackTechnique): CoverageTechnique => ({
    id: t.id,
    name: t.name,
    url: t.url,
    rules: [...(rulesByTechnique.get(t.id) ?? [])].sort(),
    alerts_30d: alertsByTechnique.get(t.id) ?? 0,
  });
  return {
    domain: catalogue.domain,
    imported: catalogue.techniques.size > 0,
    techniques_total: topLevel.length,
    techniques_covered: topLevel.filter((t) => rulesByTechnique.has(t.id)).length,
    tactics: catalogue.tactics.map((tactic) => ({
      ...tactic,
      techniques: topLevel
        .filter((t) => t.tactics.includes(tactic.shortname))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(cell),
    })),
  };
}
