import { type Atom } from './atom.ts';
import { parseCidr, type ParsedCidr } from './ip.ts';
import { hasWildcard } from './like.ts';
import { emailKey, hashKey, indicatorDomainKey, serialKey, urlKey, urlKeyAuthority } from './normalise.ts';
import { type ObservableKind } from './observables.ts';
import { pathText, type ComparisonNode, type ComparisonTest, type Literal } from './pattern-ast.ts';
import { propertyOf, type PropertySpec } from './properties.ts';

/** Signals an alternative that cannot be matched; caught where alternatives are combined. */
export class Unsupported {
  constructor(readonly reason: string) {}
}

function literalText(value: Literal): string | null {
  return value.type === 'string' ? value.value : null;
}

function keyOf(kind: ObservableKind, value: Literal): string | number | null {
  if (kind === 'port') {
    const n =
      value.type === 'int'
        ? value.value
        : value.type === 'string' && /^\d{1,5}$/.test(value.value)
          ? Number(value.value)
          : NaN;
    return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : null;
  }
  const text = literalText(value);
  if (text === null) return null;
  switch (kind) {
    case 'domain':
      return indicatorDomainKey(text);
    case 'url':
      return urlKey(text);
    case 'email':
      return emailKey(text);
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
      return hashKey(text, kind);
    case 'x509-serial':
      return serialKey(text);
    case 'protocol':
      return text.toLowerCase();
    default:
      return text;
  }
}

/** IP literal (address or network) → atom fields, kind decided by the literal and checked against the type. */
function ipAtom(spec: PropertySpec, objectType: string, test: ComparisonTest, values: readonly Literal[]): Atom[] {
  const networks: ParsedCidr[] = [];
  for (const v of values) {
    const text = literalText(v);
    const network = text === null ? null : parseCidr(text.trim());
    if (network === null) throw new Unsupported(`'${text ?? v.value}' is not an IP address or network`);
    const expected = objectType === 'ipv4-addr' ? 4 : objectType === 'ipv6-addr' ? 6 : network.v;
    if (network.v !== expected) throw new Unsupported(`'${text}' is not an IPv${expected} address`);
    networks.push(network);
  }
  const negated = test.negated !== (test.operator === '!=');
  const v4 = networks.filter((n) => n.v === 4);
  const v6 = networks.filter((n) => n.v === 6);
  if (negated && v4.length > 0 && v6.length > 0) throw new Unsupported('NOT over mixed IPv4 and IPv6 values');
  const out: Atom[] = [];
  for (const list of [v4, v6]) {
    if (list.length === 0) continue;
    const kind = list[0]!.v === 4 ? 'ipv4' : 'ipv6';
    const exact = list.every((n) => n.prefix === (n.v === 4 ? 32 : 128));
    out.push(
      exact
        ? { kind, roles: spec.roles, negated, test: 'equals', keys: list.map((n) => (n.v === 4 ? n.base | 0 : n.hex)) }
        : { kind, roles: spec.roles, negated, test: 'network', networks: list },
    );
  }
  return out;
}

function likeAtom(kind: ObservableKind, spec: PropertySpec, pattern: string, negated: boolean): Atom {
  const base = { kind, roles: spec.roles, negated } as const;
  if (kind === 'domain') {
    const lower = pattern.toLowerCase().replace(/\.$/, '');
    if (!hasWildcard(lower)) {
      const key = indicatorDomainKey(lower);
      if (key === null) throw new Unsupported(`'${pattern}' is not a domain name`);
      return { ...base, test: 'equals', keys: [key] };
    }
    // '%.evil.com' = strict subdomains of evil.com; a bare TLD suffix ('%.com') is not indexed.
    const suffix = lower.startsWith('%.') ? indicatorDomainKey(lower.slice(2)) : null;
    if (suffix !== null && suffix.includes('.') && !hasWildcard(lower.slice(2))) {
      return { ...base, test: 'subdomain', domain: suffix };
    }
    return { ...base, test: 'like', pattern: lower, host: null };
  }
  if (kind === 'url') {
    // The literal must start with scheme://host/ (or host/) for the host to serve as the index key.
    const key = urlKey(pattern);
    const authority = key === null ? '' : urlKeyAuthority(key);
    const host = key !== null && key.length > authority.length && !hasWildcard(authority) ? authority : null;
    return { ...base, test: 'like', pattern: key ?? pattern, host };
  }
  return { ...base, test: 'like', pattern, host: null };
}

/** One comparison → its atoms (an IN over IPv4 and IPv6 values gives two alternatives). */
export function compileTest(node: ComparisonTest | Extract<ComparisonNode, { type: 'exists' }>): Atom[] {
  const spec = propertyOf(node.path);
  if (typeof spec === 'string') throw new Unsupported(spec);
  const objectType = node.path.objectType;
  const path = node.path;
  // Built only for messages: most patterns compile without one.
  const where = { toString: () => pathText(path) };
  if (node.type === 'exists') {
    const kinds: ObservableKind[] =
      spec.kind === 'ip'
        ? [objectType === 'ipv6-addr' ? 'ipv6' : 'ipv4']
        : spec.kind === 'address'
          ? ['ipv4', 'ipv6', 'domain']
          : [spec.kind];
    return kinds.map((kind) => ({ kind, roles: spec.roles, negated: false, test: 'present' }));
  }
  const values = node.value.type === 'set' ? node.value.values : [node.value];
  const negated = node.negated !== (node.operator === '!=');
  if (spec.refType) {
    if (node.operator !== '=' || node.negated) throw new Unsupported(`${where} is only matched with =`);
    const type = literalText(values[0]!);
    const kind =
      type === 'ipv4-addr' ? 'ipv4' : type === 'ipv6-addr' ? 'ipv6' : type === 'domain-name' ? 'domain' : null;
    if (kind === null) throw new Unsupported(`${where} = '${type}': not an address type`);
    return [{ kind, roles: spec.roles, negated: false, test: 'present' }];
  }
  switch (node.operator) {
    case '=':
    case '!=':
    case 'IN':
    case 'ISSUBSET': {
      if (node.operator === 'IN' && values.length === 0)
        throw new Unsupported(`${where} IN (): an empty set matches nothing`);
      let kind = spec.kind;
      if (kind === 'address') {
        const first = literalText(values[0]!);
        kind = first !== null && parseCidr(first.trim()) !== null ? 'ip' : 'domain';
      }
      if (kind === 'ip') return ipAtom(spec, objectType, node, values);
      if (node.operator === 'ISSUBSET') throw new Unsupported(`ISSUBSET applies to IP addresses, not ${where}`);
      const keys = values.map((v) => keyOf(kind, v));
      const bad = keys.findIndex((k) => k === null);
      if (bad !== -1)
        throw new Unsupported(`${JSON.stringify(values[bad]!.value)} is not a valid ${kind} value for ${where}`);
      return [{ kind, roles: spec.roles, negated, test: 'equals', keys: keys as (string | number)[] }];
    }
    case 'LIKE': {
      const kind = spec.kind === 'address' ? 'domain' : spec.kind;
      if (kind === 'ip' || kind === 'port') throw new Unsupported(`LIKE on ${where} is not supported`);
      return [likeAtom(kind, spec, literalText(values[0]!) ?? '', negated)];
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const n = values[0]!.type === 'int' ? values[0]!.value : NaN;
      if (spec.kind !== 'port' || typeof n !== 'number' || !Number.isInteger(n)) {
        throw new Unsupported(`${node.operator} is only matched on ports with an integer, not on ${where}`);
      }
      const min = node.operator === '>' ? n + 1 : node.operator === '>=' ? n : 0;
      const max = node.operator === '<' ? n - 1 : node.operator === '<=' ? n : 65535;
      return [{ kind: 'port', roles: spec.roles, negated: node.negated, test: 'range', min, max }];
    }
    case 'MATCHES':
      throw new Unsupported(`MATCHES (PCRE) on ${where} is not matched: regular expressions from feeds are not run`);
    case 'ISSUPERSET':
      throw new Unsupported(`ISSUPERSET on ${where}: events carry single addresses, not networks`);
  }
}
