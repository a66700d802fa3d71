import { type ObservableKind } from './observables.ts';

const FNV_BASIS = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a over the characters of `text`, last to first. Right to left so that walking a domain name from its end
 * yields the hash of every parent (`com`, `evil.com`, `a.evil.com`) in one pass, without slicing.
 */
export function hashRightToLeft(text: string): number {
  let h = FNV_BASIS;
  for (let i = text.length - 1; i >= 0; i--) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

export function hashStep(h: number, code: number): number {
  return Math.imul(h ^ code, FNV_PRIME);
}

export const HASH_START = FNV_BASIS;

/** log2 of a filter's size in bits: 16 bits per key, between 2^10 and 2^24. */
export function filterBits(keys: number): number {
  let log2 = 10;
  while (log2 < 24 && 2 ** log2 < keys * 16) log2++;
  return log2;
}

/** Separates the tables that share one filter. */
export type FilterTable = Exclude<ObservableKind, 'ipv4' | 'ipv6' | 'port'> | 'subdomain' | 'url-host';
export const SALT: Readonly<Record<FilterTable, number>> = {
  domain: 0x1000193,
  subdomain: 0x2545f491,
  url: 0x9e3779b9,
  'url-host': 0x7feb352d,
  email: 0x846ca68b,
  md5: 0x27d4eb2f,
  sha1: 0x165667b1,
  sha256: 0x61c88647,
  sha512: 0x85ebca6b,
  'file-name': 0xc2b2ae35,
  protocol: 0x5bd1e995,
  'x509-serial': 0x68e31da4,
  'x509-issuer': 0x1b873593,
};

/**
 * A Bloom-style filter with one probe over up to 2^24 bits (2 MB, small enough to stay in the last-level cache) for
 * every string key of the index. An event value that is in no table — almost all of them — is rejected after
 * hashing its characters, without a Map probe into a table of 200k keys (a cache miss or two each). At 400k
 * keys ~2.5% of absent values pass and pay the Map lookup.
 */
export class KeyFilter {
  private readonly bits: Int32Array;
  private readonly shift: number;

  /** Sized at 16 bits per key, at most 2^24 bits (a small index gets a small filter). */
  constructor(keys: number) {
    const log2 = filterBits(keys);
    this.bits = new Int32Array(2 ** (log2 - 5));
    this.shift = 32 - log2;
  }

  /** `salt`: SALT of the table the key belongs to. */
  add(hash: number, salt: number): void {
    const b = Math.imul(hash ^ salt, 0x85ebca6b) >>> this.shift;
    this.bits[b >>> 5] = this.bits[b >>> 5]! | (1 << (b & 31));
  }

  mayHave(hash: number, salt: number): boolean {
    const b = Math.imul(hash ^ salt, 0x85ebca6b) >>> this.shift;
    return (this.bits[b >>> 5]! & (1 << (b & 31))) !== 0;
  }
}
