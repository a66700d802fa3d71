import { type ParsedCidr } from './ip.ts';
import { type ObservableKind } from './observables.ts';

/**
 * One comparison, as the matcher evaluates it against an event's observables of `kind` whose role is in
 * `roles`. `negated` atoms hold when some such observable fails the test (STIX: NOT and `!=` compare an
 * existing property). Tests: `equals` (`=`, IN; keys in the observable normal form), `network` (CIDR by `=` or
 * ISSUBSET), `subdomain` (LIKE '%.x': strict subdomains of x), `like` (other LIKE; `host`: the literal URL
 * authority it needs, for indexing), `range` (port order comparisons), `present` (EXISTS, `dst_ref.type`).
 */
export type Atom = {
  readonly kind: ObservableKind;
  readonly roles: number;
  readonly negated: boolean;
} & (
  | { readonly test: 'equals'; readonly keys: readonly (string | number)[] }
  | { readonly test: 'network'; readonly networks: readonly ParsedCidr[] }
  | { readonly test: 'subdomain'; readonly domain: string }
  | { readonly test: 'like'; readonly pattern: string; readonly host: string | null }
  | { readonly test: 'range'; readonly min: number; readonly max: number }
  | { readonly test: 'present' }
);

const INDEXABLE_RANK: Partial<Record<ObservableKind, number>> = {
  sha256: 0,
  sha512: 0,
  sha1: 1,
  md5: 1,
  url: 2,
  email: 3,
  'x509-serial': 3,
  ipv4: 4,
  ipv6: 4,
  domain: 5,
  'x509-issuer': 6,
  'file-name': 6,
};

/** How good an atom is as the clause's index key (lower is better); null when it cannot be one. */
export function indexRank(atom: Atom): number | null {
  if (atom.negated) return null;
  switch (atom.test) {
    case 'equals':
      return INDEXABLE_RANK[atom.kind] ?? 10;
    case 'network':
      return 7;
    case 'subdomain':
      return 8;
    case 'like':
      return atom.kind === 'url' && atom.host !== null ? 9 : null;
    default:
      return null;
  }
}
