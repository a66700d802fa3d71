import { addPosting, buildIpv4Ranges, innermostNetwork, type Ipv4Ranges, type Posting } from './ip-ranges.ts';
import { Int32Table } from './int-table.ts';
import { HASH_START, hashRightToLeft, hashStep, KeyFilter, SALT, type FilterTable } from './key-filter.ts';
import { ipv6PrefixKey } from './ip.ts';
import { likeMatches } from './like.ts';
import { type Observable, type ObservableKind } from './observables.ts';
import { atomHolds } from './atom-test.ts';
import { indexRank, type Atom, type MatchablePattern } from './pattern-compile.ts';
import { DAY_MS, decayed, DEFAULT_MIN_SCORE } from './score.ts';
import { urlKeyAuthority } from './normalise.ts';

/**
 * What the index needs of an indicator; times are epoch milliseconds (null: unbounded / unknown). Callers
 * extend it with their own fields (a record id, a feed name) and get their objects back in hits. The full
 * indicator record need not stay in memory: at 1M indicators it belongs in the database, fetched on a hit.
 */
export interface IndicatorEntry {
  readonly id: string;
  readonly pattern: MatchablePattern;
  readonly validFrom: number | null;
  readonly validUntil: number | null;
  readonly lastSeen: number | null;
  readonly confidence: number;
  readonly halfLifeDays: number | null;
}

/** One indicator matched by one event: the observable that hit its index key, and its score at `now`. */
export interface IndicatorHit<T extends IndicatorEntry = IndicatorEntry> {
  readonly indicator: T;
  readonly score: number;
  /** the ECS field and value that matched the indicator's key comparison */
  readonly field: string;
  readonly value: string | number;
}

export interface IndicatorIndexOptions {
  /** Scores below this do not match (see score.ts); default DEFAULT_MIN_SCORE. */
  readonly minScore?: number;
  /**
   * Returns the warninglist that makes a clause known-benign, or null. Benign clauses are not indexed: an
   * indicator `[domain-name:value = 'evil.example' OR ipv4-addr:value = '8.8.8.8']` keeps its domain.
   */
  readonly suppress?: (clause: readonly Atom[]) => string | null;
}

export interface IndicatorIndexStats {
  readonly indicators: number;
  readonly clauses: number;
  readonly suppressedClauses: number;
  readonly keys: Readonly<Partial<Record<ObservableKind, number>>>;
  readonly ipv4Networks: number;
  readonly ipv6Networks: number;
  readonly subdomainKeys: number;
  readonly urlHostKeys: number;
}

/**
 * The compiled indicator set. Every clause is filed under the keys of one "primary" comparison (the most
 * selective: hash > URL > email > exact IP > domain > network > …); an event looks up each of its observables
 * (O(1) per key, O(labels) per domain, a bitmap test then a short binary search per IPv4 address for networks)
 * and checks the rest of a candidate clause only then. Built once, read-only afterwards except for the
 * per-event dedup stamps: one index per thread (build it in the worker that matches; it holds class instances,
 * which a structured clone would strip of their methods).
 */
export class IndicatorIndex<T extends IndicatorEntry = IndicatorEntry> {
  /** @internal */ readonly exact = new Map<ObservableKind, Map<string | number, Posting>>();
  /** @internal */ ipv4Exact: Int32Table | null = null;
  /** @internal */ filter = new KeyFilter(0);
  /** @internal */ readonly subdomains = new Map<string, Posting>();
  /** @internal */ readonly urlHosts = new Map<string, Posting>();
  /** @internal */ readonly ipv6Networks = new Map<number, Map<string, Posting>>();
  /** @internal */ ipv6PrefixLengths: number[] = [];
  /** @internal */ ipv4Ranges: Ipv4Ranges | null = null;
  /** @internal */ clauseEntry: Int32Array = new Int32Array(0);
  /** @internal */ readonly clausePrimary: Atom[] = [];
  /** @internal */ readonly clauseRest: (readonly Atom[] | null)[] = [];
  /** @internal */ readonly validFrom: Float64Array;
  /** @internal */ readonly validUntil: Float64Array;
  /** @internal */ readonly confidence: Float64Array;
  /** @internal */ readonly reference: Float64Array;
  /** @internal */ readonly halfLifeMs: Float64Array;
  /** @internal */ readonly seen: Int32Array;
  /** @internal */ stamp = 0;
  /** @internal the state of the matchEvent call in progress, one object reused rather than one per event */
  readonly visit: Visit<T> = { index: this, observables: [], now: 0, stamp: 0, hits: null };
  readonly minScore: number;
  stats!: IndicatorIndexStats;

  constructor(
    readonly entries: readonly T[],
    options: IndicatorIndexOptions,
  ) {
    const n = entries.length;
    this.minScore = options.minScore ?? DEFAULT_MIN_SCORE;
    this.validFrom = new Float64Array(n);
    this.validUntil = new Float64Array(n);
    this.confidence = new Float64Array(n);
    this.reference = new Float64Array(n);
    this.halfLifeMs = new Float64Array(n);
    this.seen = new Int32Array(n);
  }
}

const NO_HITS: readonly never[] = Object.freeze([]);
const NO_OBSERVABLES: readonly Observable[] = Object.freeze([]);

/**
 * Builds the index. Entries keep their order; a hit returns the entry object. Patterns must be matchable
 * (compileStixPattern); clauses found benign by `options.suppress` are left out and counted.
 */
export function buildIndicatorIndex<T extends IndicatorEntry>(
  entries: readonly T[],
  options: IndicatorIndexOptions = {},
): IndicatorIndex<T> {
  const index = new IndicatorIndex(entries, options);
  const clauseEntry: number[] = [];
  const ranges: { base: number; prefix: number; id: number }[] = [];
  let suppressed = 0;
  const exactMap = (kind: ObservableKind) => {
    let map = index.exact.get(kind);
    if (!map) index.exact.set(kind, (map = new Map()));
    return map;
  };
  entries.forEach((entry, e) => {
    index.validFrom[e] = entry.validFrom ?? -Infinity;
    index.validUntil[e] = entry.validUntil ?? Infinity;
    index.confidence[e] = Math.min(100, Math.max(0, entry.confidence));
    index.reference[e] = entry.lastSeen ?? entry.validFrom ?? Infinity;
    const days = entry.halfLifeDays;
    index.halfLifeMs[e] = days !== null && days > 0 ? days * DAY_MS : Infinity;
    for (const clause of entry.pattern.clauses) {
      if (options.suppress && options.suppress(clause) !== null) {
        suppressed++;
        continue;
      }
      let primary = -1;
      let best = Infinity;
      clause.forEach((atom, i) => {
        const rank = indexRank(atom);
        if (rank !== null && rank < best) [best, primary] = [rank, i];
      });
      if (primary === -1) throw new TypeError(`indicator ${entry.id}: a clause has no indexable comparison`);
      const atom = clause[primary]!;
      const id = clauseEntry.length;
      clauseEntry.push(e);
      index.clausePrimary.push(atom);
      index.clauseRest.push(clause.length === 1 ? null : clause.filter((_, i) => i !== primary));
      switch (atom.test) {
        case 'equals':
          for (const key of atom.keys) addPosting(exactMap(atom.kind), key, id);
          break;
        case 'network':
          for (const network of atom.networks) {
            if (network.v === 4) ranges.push({ base: network.base, prefix: network.prefix, id });
            else {
              let byPrefix = index.ipv6Networks.get(network.prefix);
              if (!byPrefix) index.ipv6Networks.set(network.prefix, (byPrefix = new Map()));
              addPosting(byPrefix, ipv6PrefixKey(network.hex, network.prefix), id);
            }
          }
          break;
        case 'subdomain':
          addPosting(index.subdomains, atom.domain, id);
          break;
        case 'like':
          addPosting(index.urlHosts, atom.host!, id);
          break;
        default:
          throw new TypeError(`indicator ${entry.id}: ${atom.test} cannot be an index key`);
      }
    }
  });
  index.clauseEntry = Int32Array.from(clauseEntry);
  let stringKeys = index.subdomains.size + index.urlHosts.size;
  for (const [kind, map] of index.exact)
    if (kind !== 'ipv4' && kind !== 'ipv6' && kind !== 'port') stringKeys += map.size;
  index.filter = new KeyFilter(stringKeys);
  for (const [kind, map] of index.exact) {
    if (kind === 'ipv4' || kind === 'ipv6' || kind === 'port') continue;
    for (const key of map.keys()) index.filter.add(hashRightToLeft(key as string), SALT[kind]);
  }
  for (const key of index.subdomains.keys()) index.filter.add(hashRightToLeft(key), SALT.subdomain);
  for (const key of index.urlHosts.keys()) index.filter.add(hashRightToLeft(key), SALT['url-host']);
  const ipv4 = index.exact.get('ipv4') as Map<number, Posting> | undefined;
  if (ipv4 !== undefined) {
    index.ipv4Exact = new Int32Table(ipv4);
    index.exact.delete('ipv4');
  }
  index.ipv4Ranges = ranges.length > 0 ? buildIpv4Ranges(ranges) : null;
  index.ipv6PrefixLengths = [...index.ipv6Networks.keys()].sort((a, b) => b - a);
  index.stats = {
    indicators: entries.length,
    clauses: clauseEntry.length,
    suppressedClauses: suppressed,
    keys: {
      ...Object.fromEntries([...index.exact].map(([kind, map]) => [kind, map.size])),
      ...(index.ipv4Exact ? { ipv4: index.ipv4Exact.size } : {}),
    },
    ipv4Networks: index.ipv4Ranges?.networks.length ?? 0,
    ipv6Networks: [...index.ipv6Networks.values()].reduce((sum, map) => sum + map.size, 0),
    subdomainKeys: index.subdomains.size,
    urlHostKeys: index.urlHosts.size,
  };
  return index;
}

/** Per-call state, kept in one object so the helpers below stay monomorphic and allocation-free. */
export interface Visit<T extends IndicatorEntry> {
  index: IndicatorIndex<T>;
  observables: readonly Observable[];
  now: number;
  stamp: number;
  hits: IndicatorHit<T>[] | null;
}

function consider<T extends IndicatorEntry>(v: Visit<T>, clause: number, o: Observable): void {
  const index = v.index;
  const e = index.clauseEntry[clause]!;
  if (index.seen[e] === v.stamp) return;
  const primary = index.clausePrimary[clause]!;
  if ((primary.roles & o.role) === 0) return;
  if (primary.test === 'like' && !likeMatches(primary.pattern, o.key as string)) return;
  const now = v.now;
  if (now < index.validFrom[e]! || !(now < index.validUntil[e]!)) return;
  const rest = index.clauseRest[clause];
  if (rest !== null && rest !== undefined) {
    for (const atom of rest) if (!atomHolds(atom, v.observables)) return;
  }
  const score = decayed(index.confidence[e]!, index.reference[e]!, index.halfLifeMs[e]!, now);
  if (score < index.minScore) return;
  index.seen[e] = v.stamp;
  (v.hits ??= []).push({ indicator: index.entries[e]!, score, field: o.field, value: o.value });
}

function visitPosting<T extends IndicatorEntry>(v: Visit<T>, posting: Posting | undefined, o: Observable): void {
  if (posting === undefined) return;
  if (typeof posting === 'number') consider(v, posting, o);
  else for (const clause of posting) consider(v, clause, o);
}

/**
 * The domain and its parents with two labels or more (a.b.evil.com → b.evil.com, evil.com; never the bare TLD),
 * hashed in one right-to-left pass; only names that pass the filter are sliced and looked up.
 */
function matchDomain<T extends IndicatorEntry>(v: Visit<T>, o: Observable): void {
  const index = v.index;
  const exact = index.exact.get('domain');
  const subdomains = index.subdomains;
  if (exact === undefined && subdomains.size === 0) return;
  const domain = o.key as string;
  const filter = index.filter;
  let h = HASH_START;
  let dots = 0;
  for (let i = domain.length - 1; i >= 0; i--) {
    const c = domain.charCodeAt(i);
    if (c === 46) {
      // domain[i+1..] is a parent: look it up when it has two labels or more.
      if (dots > 0) {
        if (exact !== undefined && filter.mayHave(h, SALT.domain)) visitPosting(v, exact.get(domain.slice(i + 1)), o);
        if (filter.mayHave(h, SALT.subdomain)) visitPosting(v, subdomains.get(domain.slice(i + 1)), o);
      }
      dots++;
    }
    h = hashStep(h, c);
  }
  if (exact !== undefined && filter.mayHave(h, SALT.domain)) visitPosting(v, exact.get(domain), o);
}

/** An exact lookup in a string table behind the filter. */
function matchString<T extends IndicatorEntry>(v: Visit<T>, o: Observable, table: FilterTable, key: string): void {
  const map = table === 'url-host' ? v.index.urlHosts : v.index.exact.get(table as ObservableKind);
  if (map === undefined || map.size === 0) return;
  if (v.index.filter.mayHave(hashRightToLeft(key), SALT[table])) visitPosting(v, map.get(key), o);
}

/**
 * The indicators an event's observables match at `now` (epoch ms): each at most once, valid at `now`, scoring
 * at least the index's minScore. Returns a shared empty array when nothing matches (the common case).
 */
export function matchEvent<T extends IndicatorEntry>(
  index: IndicatorIndex<T>,
  observables: readonly Observable[],
  now: number,
): readonly IndicatorHit<T>[] {
  if (observables.length === 0) return NO_HITS;
  if (++index.stamp === 0x7fffffff) {
    index.seen.fill(0);
    index.stamp = 1;
  }
  const v = index.visit;
  v.observables = observables;
  v.now = now;
  v.stamp = index.stamp;
  v.hits = null;
  for (let i = 0; i < observables.length; i++) {
    const o = observables[i]!;
    switch (o.kind) {
      case 'ipv4': {
        if (index.ipv4Exact !== null) visitPosting(v, index.ipv4Exact.get(o.key as number), o);
        const ranges = index.ipv4Ranges;
        if (ranges !== null) {
          let network = innermostNetwork(ranges, (o.key as number) >>> 0);
          while (network !== -1) {
            visitPosting(v, ranges.postings[network], o);
            network = ranges.parent[network]!;
          }
        }
        break;
      }
      case 'ipv6': {
        visitPosting(v, index.exact.get('ipv6')?.get(o.key), o);
        for (const prefix of index.ipv6PrefixLengths) {
          visitPosting(v, index.ipv6Networks.get(prefix)!.get(ipv6PrefixKey(o.key as string, prefix)), o);
        }
        break;
      }
      case 'domain':
        matchDomain(v, o);
        break;
      case 'url':
        matchString(v, o, 'url', o.key as string);
        if (index.urlHosts.size > 0) matchString(v, o, 'url-host', urlKeyAuthority(o.key as string));
        break;
      case 'port':
        visitPosting(v, index.exact.get('port')?.get(o.key), o);
        break;
      default:
        matchString(v, o, o.kind, o.key as string);
    }
  }
  const hits = v.hits;
  v.hits = null;
  v.observables = NO_OBSERVABLES;
  return hits ?? NO_HITS;
}
