import { mappedIpv4, parseIpv4, parseIpv6 } from './ip.ts';
import { emailKey, eventDomainKey, hashKindOfLength, serialKey, urlHost, urlKey, type HashKind } from './normalise.ts';

/** What an indicator comparison and an event value are about; one index table per kind. */
export type ObservableKind =
  | 'ipv4'
  | 'ipv6'
  | 'domain'
  | 'url'
  | 'email'
  | HashKind
  | 'file-name'
  | 'port'
  | 'protocol'
  | 'x509-serial'
  | 'x509-issuer';

/**
 * Where in the event a value sits, as bit flags: an indicator for `network-traffic:dst_port` accepts only DST,
 * one for `ipv4-addr:value` accepts ANY_ROLE.
 */
export const ROLE = { SRC: 1, DST: 2, OTHER: 4, FROM: 8, TO: 16 } as const;
export const ANY_ROLE = 31;

/**
 * One value of an event, normalised for lookup: `key` is the IPv4 integer, the IPv6 hex string, the port
 * number or the normal-form string (see normalise.ts). `field` and `value` say where it came from, for hits.
 */
export interface Observable {
  readonly kind: ObservableKind;
  readonly role: number;
  readonly key: string | number;
  readonly field: string;
  readonly value: string | number;
}

type Fields = Record<string, unknown>;

function part(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

/** Builds one observable from a raw value; null when the value is not of that kind. For tests and callers. */
export function makeObservable(
  kind: ObservableKind,
  value: string | number,
  field = kind,
  role: number = ROLE.OTHER,
): Observable | null {
  const out: Observable[] = [];
  push(out, kind, role, field, value);
  return out[0] ?? null;
}

/** Adds the observable(s) of one value; also the address form of a domain field that holds an IP. */
function push(out: Observable[], kind: ObservableKind, role: number, field: string, value: string | number): void {
  if (typeof value === 'number') {
    if (kind === 'port' && Number.isInteger(value) && value >= 0 && value <= 65535) {
      out.push({ kind, role, key: value, field, value });
    }
    return;
  }
  if (value === '' || value.length > 8192) return;
  switch (kind) {
    case 'ipv4':
    case 'ipv6': {
      const v4 = parseIpv4(value);
      if (v4 >= 0) out.push({ kind: 'ipv4', role, key: v4 | 0, field, value });
      else if (value.indexOf(':') !== -1) {
        const hex = parseIpv6(value);
        if (hex === null) return;
        const mapped = mappedIpv4(hex);
        if (mapped >= 0) out.push({ kind: 'ipv4', role, key: mapped | 0, field, value });
        else out.push({ kind: 'ipv6', role, key: hex, field, value });
      }
      return;
    }
    case 'domain': {
      const key = eventDomainKey(value);
      if (key === '') return;
      const c = key.charCodeAt(0);
      // url.domain and destination.domain may hold an address literal.
      if (c >= 48 && c <= 57 && parseIpv4(key) >= 0) push(out, 'ipv4', role, field, key);
      else if (key.indexOf(':') !== -1 || c === 91) push(out, 'ipv6', role, field, key);
      else out.push({ kind, role, key, field, value });
      return;
    }
    case 'url': {
      const key = urlKey(value);
      if (key !== null) out.push({ kind, role, key, field, value });
      return;
    }
    case 'email': {
      const key = emailKey(value);
      if (key !== null) out.push({ kind, role, key, field, value });
      return;
    }
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
      out.push({ kind, role, key: value.toLowerCase(), field, value });
      return;
    case 'port': {
      const n = Number(value);
      if (/^\d{1,5}$/.test(value) && n <= 65535) out.push({ kind, role, key: n, field, value });
      return;
    }
    case 'protocol':
      out.push({ kind, role, key: value.toLowerCase(), field, value });
      return;
    case 'x509-serial': {
      const key = serialKey(value);
      if (key !== null) out.push({ kind, role, key, field, value });
      return;
    }
    default:
      out.push({ kind, role, key: value, field, value });
  }
}

/** A scalar or an ECS array of scalars. */
function add(out: Observable[], kind: ObservableKind, role: number, field: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'string' || typeof value === 'number') push(out, kind, role, field, value);
  else if (Array.isArray(value)) {
    const n = Math.min(value.length, 64);
    for (let i = 0; i < n; i++) {
      const v: unknown = value[i];
      if (typeof v === 'string' || typeof v === 'number') push(out, kind, role, field, v);
    }
  }
}

/** `related.*` repeats values of the specific fields; only values not seen yet are added. */
function addRelated(out: Observable[], kind: ObservableKind, field: string, value: unknown): void {
  if (Array.isArray(value)) {
    const n = Math.min(value.length, 64);
    for (let i = 0; i < n; i++) addRelatedValue(out, kind, field, value[i]);
  } else addRelatedValue(out, kind, field, value);
}

function addRelatedValue(out: Observable[], kind: ObservableKind, field: string, v: unknown): void {
  if (typeof v !== 'string') return;
  for (let i = 0; i < out.length; i++) if (out[i]!.value === v) return;
  if (kind === 'md5') {
    const hashKind = hashKindOfLength(v.length);
    if (hashKind) push(out, hashKind, ROLE.OTHER, field, v);
  } else push(out, kind, ROLE.OTHER, field, v);
}

/** Field names built once: a template literal per event would allocate. */
const HASH_FIELDS = (prefix: string) =>
  [`${prefix}.md5`, `${prefix}.sha1`, `${prefix}.sha256`, `${prefix}.sha512`] as const;
const FILE_HASH = HASH_FIELDS('file.hash');
const PROCESS_HASH = HASH_FIELDS('process.hash');
const DLL_HASH = HASH_FIELDS('dll.hash');
const ENDPOINT_FIELDS = (name: string) => [`${name}.ip`, `${name}.domain`, `${name}.port`] as const;
const SOURCE = ENDPOINT_FIELDS('source');
const DESTINATION = ENDPOINT_FIELDS('destination');
const CLIENT = ENDPOINT_FIELDS('client');
const SERVER = ENDPOINT_FIELDS('server');

function addHashes(
  out: Observable[],
  hash: Fields | undefined,
  fields: readonly [string, string, string, string],
): void {
  if (hash === undefined) return;
  add(out, 'md5', ROLE.OTHER, fields[0], hash.md5);
  add(out, 'sha1', ROLE.OTHER, fields[1], hash.sha1);
  add(out, 'sha256', ROLE.OTHER, fields[2], hash.sha256);
  add(out, 'sha512', ROLE.OTHER, fields[3], hash.sha512);
}

function addEndpoint(
  out: Observable[],
  endpoint: Fields | undefined,
  fields: readonly [string, string, string],
  role: number,
): void {
  if (endpoint === undefined) return;
  add(out, 'ipv4', role, fields[0], endpoint.ip);
  add(out, 'domain', role, fields[1], endpoint.domain);
  add(out, 'port', role, fields[2], endpoint.port);
}

/**
 * The observables of an ECS document (nested objects, as the normaliser produces): addresses of source /
 * client (SRC), destination / server (DST), host.ip, dns.resolved_ip and related.ip (OTHER); domains of
 * dns.question.name, url.domain, destination/server/source/client.domain, tls.client.server_name and
 * related.hosts; url.full (else url.original, prefixed with url.domain when it is a path); file, process and
 * dll hashes and related.hash (algorithm by length); email.from/sender/reply_to (FROM) and to/cc/bcc (TO)
 * addresses; file.name; ports; network.transport/protocol/type/application; the TLS server certificate's
 * serial number and issuer. A domain field holding an IP literal yields an address.
 * Literal property reads, no path walking: this runs for every event (see the bench, < 2 µs with matching).
 */
export function observablesOf(document: Record<string, unknown>): Observable[] {
  const out: Observable[] = [];
  const source = part(document.source);
  const destination = part(document.destination);
  addEndpoint(out, source, SOURCE, ROLE.SRC);
  addEndpoint(out, destination, DESTINATION, ROLE.DST);
  const client = part(document.client);
  const server = part(document.server);
  if (client !== undefined && client.ip !== source?.ip) addEndpoint(out, client, CLIENT, ROLE.SRC);
  if (server !== undefined && server.ip !== destination?.ip) addEndpoint(out, server, SERVER, ROLE.DST);
  const host = part(document.host);
  if (host !== undefined) add(out, 'ipv4', ROLE.OTHER, 'host.ip', host.ip);
  const dns = part(document.dns);
  if (dns !== undefined) {
    add(out, 'domain', ROLE.OTHER, 'dns.question.name', part(dns.question)?.name);
    add(out, 'ipv4', ROLE.OTHER, 'dns.resolved_ip', dns.resolved_ip);
  }
  const url = part(document.url);
  if (url !== undefined) addUrl(out, url);
  const tls = part(document.tls);
  if (tls !== undefined) {
    add(out, 'domain', ROLE.DST, 'tls.client.server_name', part(tls.client)?.server_name);
    const x509 = part(part(tls.server)?.x509);
    if (x509 !== undefined) {
      add(out, 'x509-serial', ROLE.OTHER, 'tls.server.x509.serial_number', x509.serial_number);
      add(
        out,
        'x509-issuer',
        ROLE.OTHER,
        'tls.server.x509.issuer.distinguished_name',
        part(x509.issuer)?.distinguished_name,
      );
    }
  }
  const file = part(document.file);
  if (file !== undefined) {
    addHashes(out, part(file.hash), FILE_HASH);
    add(out, 'file-name', ROLE.OTHER, 'file.name', file.name);
  }
  const processPart = part(document.process);
  if (processPart !== undefined) addHashes(out, part(processPart.hash), PROCESS_HASH);
  const dll = part(document.dll);
  if (dll !== undefined) addHashes(out, part(dll.hash), DLL_HASH);
  const email = part(document.email);
  if (email !== undefined) addEmail(out, email);
  const network = part(document.network);
  if (network !== undefined) {
    add(out, 'protocol', ROLE.OTHER, 'network.transport', network.transport);
    add(out, 'protocol', ROLE.OTHER, 'network.protocol', network.protocol);
    add(out, 'protocol', ROLE.OTHER, 'network.type', network.type);
    add(out, 'protocol', ROLE.OTHER, 'network.application', network.application);
  }
  const related = part(document.related);
  if (related !== undefined) {
    if (related.ip !== undefined) addRelated(out, 'ipv4', 'related.ip', related.ip);
    if (related.hosts !== undefined) addRelated(out, 'domain', 'related.hosts', related.hosts);
    if (related.hash !== undefined) addRelated(out, 'md5', 'related.hash', related.hash);
  }
  return out;
}

function addUrl(out: Observable[], url: Fields): void {
  const domain = typeof url.domain === 'string' ? url.domain : null;
  if (domain !== null) add(out, 'domain', ROLE.DST, 'url.domain', domain);
  let full = typeof url.full === 'string' ? url.full : null;
  let field = 'url.full';
  if (full === null && typeof url.original === 'string') {
    full = url.original.startsWith('/') && domain !== null ? domain + url.original : url.original;
    field = 'url.original';
  }
  if (full === null) return;
  add(out, 'url', ROLE.DST, field, full);
  if (domain === null) {
    const host = urlHost(full);
    if (host !== null) add(out, 'domain', ROLE.DST, field, host);
  }
}

function addEmail(out: Observable[], email: Fields): void {
  add(out, 'email', ROLE.FROM, 'email.from.address', part(email.from)?.address);
  add(out, 'email', ROLE.FROM, 'email.sender.address', part(email.sender)?.address);
  add(out, 'email', ROLE.FROM, 'email.reply_to.address', part(email.reply_to)?.address);
  add(out, 'email', ROLE.TO, 'email.to.address', part(email.to)?.address);
  add(out, 'email', ROLE.TO, 'email.cc.address', part(email.cc)?.address);
  add(out, 'email', ROLE.TO, 'email.bcc.address', part(email.bcc)?.address);
}
