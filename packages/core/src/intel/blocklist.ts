import { type BlocklistKind } from '../stance/policy.ts';
import { type Atom } from './atom.ts';
import { cidrContains, formatIpv4, parseIp, type ParsedCidr, type ParsedIp } from './ip.ts';
import { type IndicatorEntry } from './indicator-index.ts';
import { indicatorScore } from './score.ts';

/**
 * The broadest networks a blocklist publishes. A feed entry of 10.0.0.0/8 or ::/0 (typos and test data happen)
 * would cut the city off from itself or from everything: such entries are left out and reported instead.
 */
export const MIN_BLOCK_PREFIX = { v4: 16, v6: 32 } as const;

export interface BlocklistOptions {
  readonly kinds: ReadonlySet<BlocklistKind>;
  /** Lowest current score (confidence after decay, score.ts) an indicator needs to be published. */
  readonly minScore: number;
  /** Epoch milliseconds. */
  readonly now: number;
  /** Known-benign clauses (MISP warninglists): never blocked. Returns the list's name, or null. */
  readonly benign?: (clause: readonly Atom[]) => string | null;
  /** The city's own addresses (inventory: address text → the asset that has it): never blocked. */
  readonly ownAddresses?: ReadonlyMap<string, string>;
}

export interface BlocklistSkip {
  readonly value: string;
  readonly indicatorId: string;
  readonly reason: string;
}

export interface Blocklist {
  /** Sorted, unique: one IP, CIDR, domain, URL or hash a line. */
  readonly entries: readonly string[];
  /** Values an indicator asked for that were kept out, with why: an operator reviews them. */
  readonly skipped: readonly BlocklistSkip[];
}

function formatIpv6(hex: string): string {
  const groups: string[] = [];
  for (let i = 0; i < 32; i += 4) groups.push(parseInt(hex.slice(i, i + 4), 16).toString(16));
  return groups.join(':');
}

const HASH_KINDS = new Set(['md5', 'sha1', 'sha256', 'sha512']);

function networkOf(ip: ParsedIp): ParsedCidr {
  return ip.v === 4
    ? { v: 4, base: ip.value, prefix: 32, hostBits: false }
    : { v: 6, hex: ip.hex, prefix: 128, hostBits: false };
}

function formatNetwork(network: ParsedCidr): string {
  const full = network.v === 4 ? 32 : 128;
  const address = network.v === 4 ? formatIpv4(network.base) : formatIpv6(network.hex);
  return network.prefix === full ? address : `${address}/${network.prefix}`;
}

/** The networks an atom names, for the `ip` kind. */
function networksOf(atom: Atom): ParsedCidr[] {
  if (atom.test === 'network') return [...atom.networks];
  if (atom.test !== 'equals') return [];
  if (atom.kind === 'ipv4') return atom.keys.map((k) => networkOf({ v: 4, value: Number(k) }));
  if (atom.kind === 'ipv6') return atom.keys.map((k) => networkOf({ v: 6, hex: String(k) }));
  return [];
}

/** Who owns an address in a network: exact lookups for single addresses, a scan for the (rare) CIDR entries. */
function ownerLookup(ownAddresses: ReadonlyMap<string, string>): (network: ParsedCidr) => string | null {
  const exact = new Map<string, string>();
  const parsed: { ip: ParsedIp; owner: string }[] = [];
  for (const [text, owner] of ownAddresses) {
    const ip = parseIp(text);
    if (ip === null) continue;
    exact.set(formatNetwork(networkOf(ip)), owner);
    parsed.push({ ip, owner });
  }
  return (network) => {
    if (network.prefix === (network.v === 4 ? 32 : 128)) return exact.get(formatNetwork(network)) ?? null;
    return parsed.find((p) => cidrContains(network, p.ip))?.owner ?? null;
  };
}

/**
 * What a firewall, DNS resolver (RPZ) or proxy should block, from the indicators in force. Only clauses that
 * are a single positive comparison are published: `[ipv4-addr:value = 'x' AND network-traffic:dst_port = 443]`
 * means "x on port 443", and blocking all of x would over-block, so such clauses stay detection-only.
 * `LIKE '%.x'` (subdomains) is detection-only too: a plain-text list has no wildcard syntax every consumer reads.
 * Entries are left out, and listed in `skipped`, when they are known-benign, the city's own address, or a
 * network broader than MIN_BLOCK_PREFIX.
 */
export function buildBlocklist(indicators: readonly IndicatorEntry[], options: BlocklistOptions): Blocklist {
  const entries = new Set<string>();
  const skipped: BlocklistSkip[] = [];
  const ownerOf = ownerLookup(options.ownAddresses ?? new Map());
  for (const indicator of indicators) {
    if (indicatorScore(indicator, options.now) < options.minScore) continue;
    if (indicator.validUntil !== null && indicator.validUntil <= options.now) continue;
    if (indicator.validFrom !== null && indicator.validFrom > options.now) continue;
    for (const clause of indicator.pattern.clauses) {
      const atom = clause[0];
      if (clause.length !== 1 || atom === undefined || atom.negated) continue;
      const skip = (value: string, reason: string) => skipped.push({ value, indicatorId: indicator.id, reason });
      const benign = options.benign?.(clause) ?? null;
      if (options.kinds.has('ip')) {
        for (const network of networksOf(atom)) {
          const value = formatNetwork(network);
          const own = ownerOf(network);
          if (benign !== null) skip(value, `known-benign (${benign})`);
          else if (own !== null) skip(value, `the city's own address (${own})`);
          else if (network.prefix < (network.v === 4 ? MIN_BLOCK_PREFIX.v4 : MIN_BLOCK_PREFIX.v6))
            skip(value, `network broader than /${network.v === 4 ? MIN_BLOCK_PREFIX.v4 : MIN_BLOCK_PREFIX.v6}`);
          else entries.add(value);
        }
      }
      if (atom.test !== 'equals') continue;
      const kind: BlocklistKind | null =
        atom.kind === 'domain'
          ? 'domain'
          : atom.kind === 'url'
            ? 'url'
            : HASH_KINDS.has(atom.kind)
              ? 'file_hash'
              : null;
      if (kind === null || !options.kinds.has(kind)) continue;
      for (const key of atom.keys) {
        const value = String(key);
        if (benign !== null) skip(value, `known-benign (${benign})`);
        else entries.add(value);
      }
    }
  }
  return { entries: [...entries].sort(), skipped };
}
