import { ipv4Mask, ipv6PrefixKey } from './ip.ts';
import { likeMatches } from './like.ts';
import { type Observable } from './observables.ts';
import { type Atom } from './atom.ts';

/** `a.b.evil.com` is `evil.com` or under it; a single-label indicator (`com`) only matches itself. */
export function domainWithin(domain: string, indicator: string): boolean {
  return (
    domain === indicator ||
    (indicator.includes('.') &&
      domain.length > indicator.length &&
      domain.endsWith(indicator) &&
      domain.charCodeAt(domain.length - indicator.length - 1) === 46)
  );
}

/** Whether one observable key passes the atom's test (ignoring `negated`). */
export function keyPasses(atom: Atom, key: string | number): boolean {
  switch (atom.test) {
    case 'equals':
      if (atom.kind === 'domain') {
        for (const k of atom.keys) if (domainWithin(key as string, k as string)) return true;
        return false;
      }
      return atom.keys.includes(key);
    case 'network':
      for (const n of atom.networks) {
        if (
          n.v === 4
            ? ((key as number) & ipv4Mask(n.prefix)) >>> 0 === n.base
            : ipv6PrefixKey(key as string, n.prefix) === ipv6PrefixKey(n.hex, n.prefix)
        ) {
          return true;
        }
      }
      return false;
    case 'subdomain':
      return domainWithin(key as string, atom.domain) && key !== atom.domain;
    case 'like':
      return likeMatches(atom.pattern, String(key));
    case 'range':
      return (key as number) >= atom.min && (key as number) <= atom.max;
    case 'present':
      return true;
  }
}

/**
 * Whether an atom holds for an event: some observable of its kind and role passes (or, negated, fails) the
 * test. Like STIX, a negated comparison needs the property to exist: no observable of the kind, no match.
 * All observables of the event count as one object (ECS flattens an event's objects into one document).
 */
export function atomHolds(atom: Atom, observables: readonly Observable[]): boolean {
  for (let i = 0; i < observables.length; i++) {
    const o = observables[i]!;
    if (o.kind !== atom.kind || (o.role & atom.roles) === 0) continue;
    if (keyPasses(atom, o.key) !== atom.negated) return true;
  }
  return false;
}
