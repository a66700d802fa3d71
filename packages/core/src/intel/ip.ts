/**
 * Address parsing for the matcher's hot path: no regular expressions, no BigInt, no allocation for IPv4.
 * IPv4 is an unsigned 32-bit integer (a JS number); IPv6 is its 32 lower-case hex digits, a string that
 * Maps hash well and whose prefixes are string prefixes (`/48` = the first 12 digits).
 */

/** Dotted quad → unsigned 32-bit integer, or -1. Each octet 1–3 decimal digits ≤ 255; nothing else allowed. */
export function parseIpv4(text: string): number {
  const n = text.length;
  if (n < 7 || n > 15) return -1;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (++digits > 3) return -1;
      octet = octet * 10 + (c - 48);
      if (octet > 255) return -1;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

export function formatIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

const HEX_DIGITS = '0123456789abcdef';

function hextet(text: string, from: number, to: number): number {
  if (to <= from || to - from > 4) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** Colon-separated hextets of `text[from, to)` (no `::` inside) into `out`; false when malformed. */
function hextets(text: string, from: number, to: number, out: number[]): boolean {
  if (from === to) return true;
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i === to || text.charCodeAt(i) === 58) {
      const v = hextet(text, start, i);
      if (v < 0) return false;
      out.push(v);
      start = i + 1;
    }
  }
  return true;
}

/**
 * IPv6 text (RFC 4291 forms: `::` compression, embedded dotted quad, optional `[…]` and `%zone`) → 32 lower-case
 * hex digits, or null.
 */
export function parseIpv6(input: string): string | null {
  let text = input;
  if (text.length > 2 && text.charCodeAt(0) === 91 && text.charCodeAt(text.length - 1) === 93) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  if (text.length < 2 || text.length > 45 || text.indexOf(':') === -1) return null;
  let end = text.length;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) !== -1) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 < 0) return null;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    end = text.charCodeAt(lastColon - 1) === 58 ? lastColon + 1 : lastColon;
  }
  const gap = text.indexOf('::');
  const head: number[] = [];
  const rest: number[] = [];
  if (gap === -1) {
    if (!hextets(text, 0, end, head)) return null;
  } else {
    if (text.indexOf('::', gap + 1) !== -1) return null;
    if (!hextets(text, 0, gap, head)) return null;
    const restEnd = end === lastColon + 1 && tail.length > 0 ? end - 1 : end;
    if (restEnd > gap + 2 && !hextets(text, gap + 2, restEnd, rest)) return null;
  }
  const known = head.length + rest.length + tail.length;
  if (gap === -1 ? known !== 8 : known > 7) return null;
  const groups = [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
  let out = '';
  for (const g of groups) {
    out += HEX_DIGITS[(g >> 12) & 15]! + HEX_DIGITS[(g >> 8) & 15]! + HEX_DIGITS[(g >> 4) & 15]! + HEX_DIGITS[g & 15]!;
  }
  return out;
}

/** `::ffff:a.b.c.d` (IPv4-mapped) → the IPv4 integer, else -1. */
export function mappedIpv4(hex: string): number {
  if (!hex.startsWith('00000000000000000000ffff')) return -1;
  return parseInt(hex.slice(24), 16);
}

/** An address as the matcher keys it: IPv4 integer or IPv6 hex (IPv4-mapped IPv6 becomes IPv4). */
export type ParsedIp = { readonly v: 4; readonly value: number } | { readonly v: 6; readonly hex: string };

export function parseIp(text: string): ParsedIp | null {
  const v4 = parseIpv4(text);
  if (v4 >= 0) return { v: 4, value: v4 };
  const hex = parseIpv6(text);
  if (hex === null) return null;
  const mapped = mappedIpv4(hex);
  return mapped >= 0 ? { v: 4, value: mapped } : { v: 6, hex };
}

/** A network. `hostBits`: the text had bits set below the prefix (they are cleared here). */
export type ParsedCidr =
  | { readonly v: 4; readonly base: number; readonly prefix: number; readonly hostBits: boolean }
  | { readonly v: 6; readonly hex: string; readonly prefix: number; readonly hostBits: boolean };

/** IPv4 netmask of a prefix length as an unsigned integer. */
export function ipv4Mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The first `prefix` bits of an IPv6 hex string: whole digits, then the partial digit masked. */
export function ipv6PrefixKey(hex: string, prefix: number): string {
  const whole = prefix >> 2;
  const bits = prefix & 3;
  if (bits === 0) return hex.slice(0, whole);
  const digit = parseInt(hex[whole]!, 16) & ((0xf << (4 - bits)) & 0xf);
  return hex.slice(0, whole) + HEX_DIGITS[digit]!;
}

/** `a.b.c.d/n`, `x::/n`, or a bare address (a /32 or /128). Null when not a network. */
export function parseCidr(text: string): ParsedCidr | null {
  const slash = text.indexOf('/');
  const address = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (address === null) return null;
  const v6Text = slash === -1 ? false : text.slice(0, slash).includes(':');
  const width = address.v === 4 && !v6Text ? 32 : 128;
  const prefixText = slash === -1 ? String(width) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  let prefix = Number(prefixText);
  if (prefix > width) return null;
  if (address.v === 4) {
    // `::ffff:10.0.0.0/104` is the IPv4 network 10.0.0.0/8.
    if (width === 128) {
      if (prefix < 96) return null;
      prefix -= 96;
    }
    const base = (address.value & ipv4Mask(prefix)) >>> 0;
    return { v: 4, base, prefix, hostBits: base !== address.value };
  }
  const key = ipv6PrefixKey(address.hex, prefix);
  const hex = key.padEnd(32, '0');
  return { v: 6, hex, prefix, hostBits: hex !== address.hex };
}

/** Whether `ip` lies in `network` (both already parsed). */
export function cidrContains(network: ParsedCidr, ip: ParsedIp): boolean {
  if (network.v === 4) return ip.v === 4 && (ip.value & ipv4Mask(network.prefix)) >>> 0 === network.base;
  return ip.v === 6 && ipv6PrefixKey(ip.hex, network.prefix) === ipv6PrefixKey(network.hex, network.prefix);
}
