import { z } from 'zod';
import { AhoCorasick } from '../sigma/aho-corasick.ts';
import { type IntelIndicator, isPrepared, prepareIndicator } from './indicator.ts';
import { buildIpv4Ranges, innermostNetwork, type Ipv4Ranges } from './ip-ranges.ts';
import { formatIpv4, ipv6PrefixKey, parseCidr, parseIp } from './ip.ts';
import { emailKey, indicatorDomainKey, urlHost, urlKey } from './normalise.ts';
import { type ObservableKind } from './observables.ts';
import { type Atom } from './atom.ts';

/** One MISP warninglist file (misp-warninglists `lists/<name>/list.json`, schema.json). */
export const MispWarninglist = z
  .object({
    name: z.string(),
    type: z.enum(['string', 'substring', 'hostname', 'cidr', 'regex']),
    list: z.array(z.string()),
    matching_attributes: z.array(z.string()).optional(),
    description: z.string().optional(),
    version: z.number().optional(),
  })
  .loose();
export type MispWarninglist = z.infer<typeof MispWarninglist>;

/** The MISP attribute types each observable kind stands for, to honour a list's `matching_attributes`. */
const KIND_TYPES: Readonly<Record<ObservableKind, readonly string[]>> = {
  ipv4: ['ip-src', 'ip-dst', 'ip-src|port', 'ip-dst|port', 'domain|ip'],
  ipv6: ['ip-src', 'ip-dst', 'ip-src|port', 'ip-dst|port', 'domain|ip'],
  domain: ['domain', 'hostname', 'domain|ip', 'hostname|port'],
  url: ['url', 'uri'],
  email: ['email-src', 'email-dst', 'email', 'email-reply-to', 'target-email'],
  md5: ['md5', 'filename|md5', 'malware-sample'],
  sha1: ['sha1', 'filename|sha1'],
  sha256: ['sha256', 'filename|sha256'],
  sha512: ['sha512', 'filename|sha512'],
  'file-name': ['filename'],
  port: [],
  protocol: [],
  'x509-serial': [],
  'x509-issuer': [],
};

/** Built from warninglists; answers "is this indicator value known-benign, and by which list". */
export interface WarninglistSuppressor {
  /** The list that makes the clause known-benign (any of its positive values listed), or null. */
  benignClause(clause: readonly Atom[]): string | null;
  /** Lists loaded, and lists (or entries) that could not be used, with why. */
  readonly loaded: readonly string[];
  readonly unusable: readonly { readonly list: string; readonly reason: string }[];
}

type KindTables = {
  strings: Map<string | number, string>;
  hostnames: Map<string, string>;
  substrings: string[];
  substringLists: string[];
  automaton: AhoCorasick | null;
  regexes: { re: RegExp; list: string }[];
};

/** The value as the list compares it: normal-form keys, IPs back in text for substring and regex lists. */
function textOf(kind: ObservableKind, key: string | number): string {
  return kind === 'ipv4' ? formatIpv4((key as number) >>> 0) : String(key);
}

function stringKey(kind: ObservableKind, entry: string): string | number | null {
  switch (kind) {
    case 'ipv4':
    case 'ipv6': {
      const ip = parseIp(entry.trim());
      return ip === null ? null : ip.v === 4 ? ip.value | 0 : ip.hex;
    }
    case 'domain':
      return indicatorDomainKey(entry);
    case 'url':
      return urlKey(entry);
    case 'email':
      return emailKey(entry);
    default:
      return entry.trim().toLowerCase();
  }
}

/** PHP `/body/flags` → RegExp; null for what JavaScript cannot run the same way. */
function phpRegex(text: string): RegExp | null {
  const m = /^\/(.*)\/([a-zA-Z]*)$/s.exec(text);
  if (!m || /[^imsgu]/.test(m[2]!)) return null;
  try {
    return new RegExp(m[1]!, m[2]!.replace('g', ''));
  } catch {
    return null;
  }
}

/**
 * Builds the suppressor. MISP semantics (app/Model/Warninglist.php): `cidr` — the address (or the whole
 * indicator network) lies in a listed network; `hostname` — the domain (or a URL's host) is a listed name or
 * under one; `string` — equality; `substring` — containment; `regex` — PHP regex (converted; those JavaScript
 * cannot run are reported in `unusable`). A list applies to the kinds its matching_attributes name (all when
 * none). Deviation: string comparison uses our normal forms (lower-case domains, hashes, e-mail), where MISP
 * compares bytes.
 */
export function buildWarninglistSuppressor(input: readonly unknown[]): WarninglistSuppressor {
  const loaded: string[] = [];
  const unusable: { list: string; reason: string }[] = [];
  const tables = new Map<ObservableKind, KindTables>();
  const table = (kind: ObservableKind) => {
    let t = tables.get(kind);
    if (!t) {
      t = {
        strings: new Map(),
        hostnames: new Map(),
        substrings: [],
        substringLists: [],
        automaton: null,
        regexes: [],
      };
      tables.set(kind, t);
    }
    return t;
  };
  const v4: { base: number; prefix: number; id: number }[] = [];
  const v6 = new Map<number, Map<string, string>>();
  const listNames: string[] = [];
  for (const raw of input) {
    const parsed = MispWarninglist.safeParse(raw);
    if (!parsed.success) {
      unusable.push({
        list: String((raw as { name?: unknown } | null)?.name ?? '?'),
        reason: 'not a MISP warninglist',
      });
      continue;
    }
    const list = parsed.data;
    loaded.push(list.name);
    const types = list.matching_attributes ?? [];
    const kinds = (Object.keys(KIND_TYPES) as ObservableKind[]).filter(
      (k) => types.length === 0 || types.includes('ALL') || KIND_TYPES[k].some((t) => types.includes(t)),
    );
    if (list.type === 'cidr') {
      if (!kinds.includes('ipv4') && !kinds.includes('ipv6')) continue;
      const id = listNames.push(list.name) - 1;
      for (const entry of list.list) {
        const network = parseCidr(entry.trim());
        if (network === null) unusable.push({ list: list.name, reason: `'${entry}' is not a network` });
        else if (network.v === 4) v4.push({ base: network.base, prefix: network.prefix, id });
        else {
          let byPrefix = v6.get(network.prefix);
          if (!byPrefix) v6.set(network.prefix, (byPrefix = new Map()));
          const key = ipv6PrefixKey(network.hex, network.prefix);
          if (!byPrefix.has(key)) byPrefix.set(key, list.name);
        }
      }
      continue;
    }
    for (const kind of kinds) {
      const t = table(kind);
      for (const entry of list.list) {
        if (list.type === 'string') {
          const key = stringKey(kind, entry);
          if (key !== null && !t.strings.has(key)) t.strings.set(key, list.name);
        } else if (list.type === 'hostname') {
          const name = entry
            .trim()
            .replace(/^\.+|\.+$/g, '')
            .toLowerCase();
          if (name !== '' && !t.hostnames.has(name)) t.hostnames.set(name, list.name);
        } else if (list.type === 'substring') {
          t.substrings.push(entry.toLowerCase());
          t.substringLists.push(list.name);
        } else {
          const re = phpRegex(entry);
          if (re) t.regexes.push({ re, list: list.name });
          else if (kind === kinds[0])
            unusable.push({ list: list.name, reason: `regex ${entry} cannot run in JavaScript` });
        }
      }
    }
  }
  // Kinds fed by the same substring lists share one automaton (disposable-email alone has 8k entries).
  const automata = new Map<string, AhoCorasick>();
  for (const t of tables.values()) {
    if (t.substrings.length === 0) continue;
    const signature = [...new Set(t.substringLists)].join('\n');
    t.automaton = automata.get(signature) ?? new AhoCorasick(t.substrings);
    automata.set(signature, t.automaton);
  }
  const ranges = v4.length > 0 ? buildIpv4Ranges(v4) : null;
  const v6Prefixes = [...v6.keys()].sort((a, b) => a - b);
  const lookup = new Lookup(tables, ranges, listNames, v6, v6Prefixes);
  return {
    loaded,
    unusable,
    benignClause: (clause) => {
      for (const atom of clause) {
        if (atom.negated) continue;
        const hit = lookup.atom(atom);
        if (hit !== null) return hit;
      }
      return null;
    },
  };
}

class Lookup {
  constructor(
    private readonly tables: Map<ObservableKind, KindTables>,
    private readonly ranges: Ipv4Ranges | null,
    private readonly rangeLists: readonly string[],
    private readonly v6: Map<number, Map<string, string>>,
    private readonly v6Prefixes: readonly number[],
  ) {}

  atom(atom: Atom): string | null {
    if (atom.test === 'equals') {
      for (const key of atom.keys) {
        const hit = this.value(atom.kind, key, atom.kind === 'ipv4' || atom.kind === 'ipv6' ? 128 : 0);
        if (hit !== null) return hit;
      }
    } else if (atom.test === 'network') {
      for (const n of atom.networks) {
        const hit = n.v === 4 ? this.value('ipv4', n.base | 0, n.prefix) : this.value('ipv6', n.hex, n.prefix);
        if (hit !== null) return hit;
      }
    } else if (atom.test === 'subdomain') return this.hostname(atom.kind, atom.domain);
    return null;
  }

  /** `prefix`: the indicator's own prefix length; a listed network must be at most that long to contain it. */
  private value(kind: ObservableKind, key: string | number, prefix: number): string | null {
    if (kind === 'ipv4' && this.ranges !== null) {
      let n = innermostNetwork(this.ranges, (key as number) >>> 0);
      while (n !== -1) {
        if (this.ranges.networks[n]!.prefix <= prefix) {
          const posting = this.ranges.postings[n]!;
          return this.rangeLists[typeof posting === 'number' ? posting : posting[0]!]!;
        }
        n = this.ranges.parent[n]!;
      }
    }
    if (kind === 'ipv6') {
      for (const p of this.v6Prefixes) {
        if (p > prefix) break;
        const hit = this.v6.get(p)!.get(ipv6PrefixKey(key as string, p));
        if (hit !== undefined) return hit;
      }
    }
    const t = this.tables.get(kind);
    if (t === undefined) return null;
    const listed = t.strings.get(key);
    if (listed !== undefined) return listed;
    const host = kind === 'domain' ? (key as string) : kind === 'url' ? urlHost(key as string) : null;
    if (host !== null && t.hostnames.size > 0) {
      const hit = this.hostname(kind, host);
      if (hit !== null) return hit;
    }
    const text = textOf(kind, key).toLowerCase();
    if (t.automaton !== null) {
      let first = -1;
      t.automaton.scan(text, (id) => {
        if (first === -1 || id < first) first = id;
      });
      if (first !== -1) return t.substringLists[first]!;
    }
    for (const { re, list } of t.regexes) if (re.test(text)) return list;
    return null;
  }

  /** MISP `__evalHostname`: the name and each of its parents, down to the last label. */
  private hostname(kind: ObservableKind, host: string): string | null {
    const names = this.tables.get(kind)?.hostnames;
    if (names === undefined) return null;
    for (let name = host; ;) {
      const hit = names.get(name);
      if (hit !== undefined) return hit;
      const dot = name.indexOf('.');
      if (dot === -1) return null;
      name = name.slice(dot + 1);
    }
  }
}

/**
 * Splits indicators into kept and known-benign. An indicator is suppressed when every alternative of its pattern
 * contains a listed value (it could only ever match benign traffic); it is returned with `suppressedBy` set to
 * the list. Indicators with some benign alternatives are kept; pass `suppressor.benignClause` as the index's
 * `suppress` option to leave just those alternatives out. Invalid or unmatchable patterns are kept unchanged.
 */
export function suppressKnownBenign(
  indicators: readonly IntelIndicator[],
  suppressor: WarninglistSuppressor,
): { kept: IntelIndicator[]; suppressed: IntelIndicator[] } {
  const kept: IntelIndicator[] = [];
  const suppressed: IntelIndicator[] = [];
  for (const indicator of indicators) {
    const prepared = prepareIndicator(indicator);
    let list: string | null = null;
    if (isPrepared(prepared)) {
      for (const clause of prepared.pattern.clauses) {
        const benign = suppressor.benignClause(clause);
        if (benign === null) {
          list = null;
          break;
        }
        list ??= benign;
      }
    }
    if (list === null) kept.push(indicator);
    else suppressed.push({ ...indicator, suppressedBy: list });
  }
  return { kept, suppressed };
}
