import { RuleError } from './types.ts';

/** An address as a 32- or 128-bit integer. */
interface Address {
  readonly v6: boolean;
  readonly bits: bigint;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEXTET = /^[0-9a-f]{1,4}$/i;

function parseV4(text: string): bigint | null {
  const m = V4.exec(text);
  if (!m) return null;
  let n = 0n;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return null;
    n = (n << 8n) | BigInt(octet);
  }
  return n;
}

function parseHextets(groups: string[]): bigint[] | null {
  const out: bigint[] = [];
  for (const g of groups) {
    if (!HEXTET.test(g)) return null;
    out.push(BigInt(parseInt(g, 16)));
  }
  return out;
}

function parseV6(input: string): bigint | null {
  let text = input;
  // An embedded dotted quad (`::ffff:10.0.0.1`) stands for the last two hextets.
  let tail: bigint[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = parseV4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    tail = [v4 >> 16n, v4 & 0xffffn];
    text = input[lastColon - 1] === ':' ? input.slice(0, lastColon + 1) : input.slice(0, lastColon);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const split = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = parseHextets(split(halves[0]!));
  const rest = halves.length === 2 ? parseHextets(split(halves[1]!)) : [];
  if (!head || !rest) return null;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return null;
  const groups = [...head, ...new Array<bigint>(8 - known).fill(0n), ...rest, ...tail];
  return groups.reduce((n, g) => (n << 16n) | g, 0n);
}

/** Parses an IP. With `mapV4`, IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is treated as the IPv4 address. */
export function parseAddress(text: string, mapV4 = true): Address | null {
  const v4 = parseV4(text);
  if (v4 !== null) return { v6: false, bits: v4 };
  if (!text.includes(':')) return null;
  const v6 = parseV6(text.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  if (v6 === null) return null;
  if (mapV4 && v6 >> 32n === 0xffffn) return { v6: false, bits: v6 & 0xffffffffn };
  return { v6: true, bits: v6 };
}

/**
 * Compiles `|cidr` into a containment test. Strict like Python's `ip_network`: a network with host bits set
 * (`192.168.1.1/24`) is a rule error, not a silently widened network.
 */
export function compileCidr(network: string): (address: string) => boolean {
  const slash = network.indexOf('/');
  const addressText = slash === -1 ? network : network.slice(0, slash);
  const base = parseAddress(addressText, false);
  if (!base) throw new RuleError(`|cidr value '${network}' is not an IPv4 or IPv6 network`);
  const v6 = base.v6;
  const width = v6 ? 128 : 32;
  const prefixText = slash === -1 ? String(width) : network.slice(slash + 1);
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= width)) throw new RuleError(`|cidr value '${network}' has an invalid prefix length`);
  const hostMask = (1n << BigInt(width - prefix)) - 1n;
  if ((base.bits & hostMask) !== 0n) throw new RuleError(`|cidr value '${network}' has host bits set`);
  return (address) => {
    const a = parseAddress(address);
    return a !== null && a.v6 === v6 && (a.bits & ~hostMask) === base.bits;
  };
}
