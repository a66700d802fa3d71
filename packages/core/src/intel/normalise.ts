/**
 * One normal form per observable kind, applied to indicator values when compiling and to event values when
 * extracting observables, so matching is plain key equality. Each function returns null for a value that
 * cannot be of its kind.
 */

/** Host names as in DNS: letters, digits, `-`, `_` (SRV/DMARC labels), dots; labels of 1–63 characters. */
const HOST = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * Events: lower case, trailing root dot removed. Cheap: no validation (an event's odd name simply finds no
 * indicator), `toLowerCase` returns the same string when there is nothing to change.
 */
export function eventDomainKey(text: string): string {
  const lower = text.toLowerCase();
  return lower.charCodeAt(lower.length - 1) === 46 ? lower.slice(0, -1) : lower;
}

/**
 * Indicators: the event normal form, then validated; an internationalised name is converted to its ASCII
 * (punycode) form with the platform's URL parser, because resolvers and logs carry that form.
 */
export function indicatorDomainKey(text: string): string | null {
  let key = eventDomainKey(text.trim());
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(key)) {
    try {
      key = new URL(`http://${key}/`).hostname;
    } catch {
      return null;
    }
  }
  return HOST.test(key) ? key : null;
}

/** A URL scheme (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )) in text[0, end). */
function isScheme(text: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i) | 32;
    const letter = c >= 97 && c <= 122;
    const other = i > 0 && ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46);
    if (!letter && !other) return false;
  }
  return end > 0;
}

/**
 * URL key: scheme dropped, authority lower-cased without user info and default port, fragment dropped, path and
 * query kept as written, `/` when the path is empty: `HTTP://User@Evil.COM:80/a?b#c` → `evil.com/a?b`.
 * The scheme is dropped on purpose: feeds often omit it (MISP `url` attributes, "evil.com/gate.php"), and the
 * same resource over http and https is the same indicator. Character loops, no regular expression: this runs
 * for every event with a URL.
 */
export function urlKey(text: string): string | null {
  let s = text;
  if (s.length === 0 || s.charCodeAt(0) <= 32 || s.charCodeAt(s.length - 1) <= 32) s = s.trim();
  if (s === '' || s.length > 8192) return null;
  let from = 0;
  let defaultPort = ':80';
  const sep = s.indexOf('://');
  if (sep > 0 && sep <= 16 && isScheme(s, sep)) {
    from = sep + 3;
    const scheme = s.slice(0, sep).toLowerCase();
    defaultPort = scheme === 'http' ? ':80' : scheme === 'https' ? ':443' : scheme === 'ftp' ? ':21' : '';
  } else if (s.charCodeAt(0) === 47 && s.charCodeAt(1) === 47) from = 2;
  let end = s.length;
  let hash = s.length;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 35) {
      hash = i;
      if (end > i) end = i;
      break;
    }
    if ((c === 47 || c === 63) && end === s.length) end = i;
  }
  let authority = s.slice(from, end).toLowerCase();
  const at = authority.lastIndexOf('@');
  if (at !== -1) authority = authority.slice(at + 1);
  if (defaultPort !== '' && authority.endsWith(defaultPort)) authority = authority.slice(0, -defaultPort.length);
  if (authority.endsWith('.')) authority = authority.slice(0, -1);
  if (authority === '') return null;
  const rest = s.slice(end, hash);
  return authority + (rest === '' || rest.charCodeAt(0) === 63 ? `/${rest}` : rest);
}

/** The host part of a URL key (`evil.com:8080/x` → `evil.com:8080`). */
export function urlKeyAuthority(key: string): string {
  const slash = key.indexOf('/');
  return slash === -1 ? key : key.slice(0, slash);
}

/** The host name of a URL as written (for its domain observable); null when there is none. */
export function urlHost(text: string): string | null {
  const key = urlKey(text);
  if (key === null) return null;
  let host = urlKeyAuthority(key);
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') === -1 ? host.length : host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  if (colon !== -1) host = host.slice(0, colon);
  return host === '' ? null : host;
}

export function emailKey(text: string): string | null {
  const key = text.trim().toLowerCase();
  const at = key.lastIndexOf('@');
  return at > 0 && at < key.length - 1 && !/\s/.test(key) ? key : null;
}

/** Hex digests of each supported algorithm, by digest length. */
export const HASH_LENGTHS = { md5: 32, sha1: 40, sha256: 64, sha512: 128 } as const;
export type HashKind = keyof typeof HASH_LENGTHS;

export function hashKey(text: string, kind: HashKind): string | null {
  const key = text.trim().toLowerCase();
  return key.length === HASH_LENGTHS[kind] && /^[0-9a-f]+$/.test(key) ? key : null;
}

/** `related.hash` carries digests without their algorithm: the length tells. */
export function hashKindOfLength(length: number): HashKind | null {
  return length === 32 ? 'md5' : length === 40 ? 'sha1' : length === 64 ? 'sha256' : length === 128 ? 'sha512' : null;
}

/** Certificate serial numbers: `4c:0b:1d…` (STIX) and `4C0B1D…` (ECS) alike; leading zero octets dropped. */
export function serialKey(text: string): string | null {
  const key = text
    .replace(/[\s:-]/g, '')
    .toLowerCase()
    .replace(/^0+(?=.)/, '');
  return /^[0-9a-f]+$/.test(key) ? key : null;
}
