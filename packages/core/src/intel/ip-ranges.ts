import { ipv4Mask } from './ip.ts';

/** Clause ids under one key: a single id (the common case, no array) or several. */
export type Posting = number | number[];

export function addPosting<K>(map: Map<K, Posting>, key: K, id: number): void {
  const p = map.get(key);
  if (p === undefined) map.set(key, id);
  else if (typeof p === 'number') map.set(key, [p, id]);
  else p.push(id);
}

/**
 * "Which IPv4 networks contain this address", answered by one binary search whatever the number or the prefix
 * lengths of the networks. CIDR blocks never partially overlap (two blocks are nested or disjoint), so the
 * address space cuts into at most 2n+1 segments, each with one innermost network; every network links to the
 * one enclosing it. Lookup: find the segment (log2 of ~100k segments = 17 steps), then walk outwards.
 * Per-prefix-length hash maps would cost one lookup per distinct length present (up to 32) for every address.
 */
export interface Ipv4Ranges {
  /** segment start addresses, ascending; starts[0] = 0 */
  readonly starts: Uint32Array;
  /** per segment: the innermost network containing it, or -1 */
  readonly innermost: Int32Array;
  /**
   * per /16 block h (0…65536): the segment containing address h·65536. The search for an address then covers
   * only its block's segments (one or two, typically): two cache misses instead of seventeen.
   */
  readonly blocks: Uint32Array;
  /**
   * One bit per /20 (2^20 bits = 128 KB, stays in the L2 cache): whether any network overlaps it. Blocklisted
   * networks cluster in a small part of the address space, so most addresses are answered here.
   */
  readonly covered: Int32Array;
  /** per network: the enclosing network, or -1 */
  readonly parent: Int32Array;
  /** per network: its clause ids */
  readonly postings: readonly Posting[];
  /** per network, for tests and statistics */
  readonly networks: readonly { readonly base: number; readonly prefix: number }[];
}

export function buildIpv4Ranges(items: readonly { base: number; prefix: number; id: number }[]): Ipv4Ranges {
  const merged = new Map<number, { base: number; prefix: number; posting: Posting }>();
  for (const item of items) {
    // base < 2^32 and prefix ≤ 32: an exact numeric key without string building.
    const key = item.base * 64 + item.prefix;
    const known = merged.get(key);
    if (!known) merged.set(key, { base: item.base, prefix: item.prefix, posting: item.id });
    else known.posting = typeof known.posting === 'number' ? [known.posting, item.id] : [...known.posting, item.id];
  }
  const networks = [...merged.values()].sort((a, b) => a.base - b.base || a.prefix - b.prefix);
  const end = networks.map((n) => n.base + 2 ** (32 - n.prefix) - 1);
  const parent = new Int32Array(networks.length).fill(-1);
  const starts: number[] = [];
  const innermost: number[] = [];
  const emit = (start: number, network: number) => {
    const last = starts.length - 1;
    if (last >= 0 && starts[last] === start) innermost[last] = network;
    else if (last >= 0 && innermost[last] === network) return;
    else {
      starts.push(start);
      innermost.push(network);
    }
  };
  emit(0, -1);
  const stack: number[] = [];
  const close = (until: number) => {
    while (stack.length > 0 && end[stack[stack.length - 1]!]! < until) {
      const closed = stack.pop()!;
      const after = end[closed]! + 1;
      if (after <= 0xffffffff) emit(after, stack.length > 0 ? stack[stack.length - 1]! : -1);
    }
  };
  networks.forEach((network, i) => {
    close(network.base);
    parent[i] = stack.length > 0 ? stack[stack.length - 1]! : -1;
    emit(network.base, i);
    stack.push(i);
  });
  close(2 ** 32);
  const blocks = new Uint32Array(65537);
  let segment = 0;
  for (let h = 0; h < 65536; h++) {
    const address = h * 65536;
    while (segment + 1 < starts.length && starts[segment + 1]! <= address) segment++;
    blocks[h] = segment;
  }
  blocks[65536] = starts.length - 1;
  const covered = new Int32Array(1 << 15);
  networks.forEach((n, i) => {
    for (let b = Math.floor(n.base / 4096); b <= Math.floor(end[i]! / 4096); b++)
      covered[b >>> 5] = covered[b >>> 5]! | (1 << (b & 31));
  });
  return {
    covered,
    starts: Uint32Array.from(starts),
    innermost: Int32Array.from(innermost),
    blocks,
    parent,
    postings: networks.map((n) => n.posting),
    networks: networks.map((n) => ({ base: n.base, prefix: n.prefix })),
  };
}

/** The innermost network containing `address` (unsigned), or -1; follow `parent` for the enclosing ones. */
export function innermostNetwork(ranges: Ipv4Ranges, address: number): number {
  const b = address >>> 12;
  if ((ranges.covered[b >>> 5]! & (1 << (b & 31))) === 0) return -1;
  const starts = ranges.starts;
  const block = address >>> 16;
  let lo = ranges.blocks[block]!;
  let hi = ranges.blocks[block + 1]!;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= address) lo = mid;
    else hi = mid - 1;
  }
  return ranges.innermost[lo]!;
}

/** Naive reference for tests: every network index containing `address`. */
export function networksContaining(ranges: Ipv4Ranges, address: number): number[] {
  const out: number[] = [];
  ranges.networks.forEach((n, i) => {
    if ((address & ipv4Mask(n.prefix)) >>> 0 === n.base) out.push(i);
  });
  return out;
}
