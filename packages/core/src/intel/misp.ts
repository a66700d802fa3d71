import { z } from 'zod';
import { IntelIndicator, stixString, type TlpLevel } from './indicator.ts';
import { parseCidr } from './ip.ts';
import { hashKey, type HashKind } from './normalise.ts';
import { type ObservableKind } from './observables.ts';
import { DEFAULT_CONFIDENCE, DEFAULT_HALF_LIFE_DAYS } from './score.ts';

const MispTag = z.object({ name: z.string() }).loose();
const MispAttribute = z
  .object({
    id: z.union([z.string(), z.number()]).optional(),
    uuid: z.string().optional(),
    type: z.string(),
    value: z.string(),
    to_ids: z.union([z.boolean(), z.literal('1'), z.literal('0'), z.literal(1), z.literal(0)]).optional(),
    deleted: z.union([z.boolean(), z.literal('1'), z.literal('0')]).optional(),
    timestamp: z.union([z.string(), z.number()]).optional(),
    first_seen: z.string().nullable().optional(),
    last_seen: z.string().nullable().optional(),
    comment: z.string().optional(),
    Tag: z.array(MispTag).optional(),
  })
  .loose();
type MispAttribute = z.infer<typeof MispAttribute>;
const MispEvent = z
  .object({
    uuid: z.string().optional(),
    info: z.string().optional(),
    Tag: z.array(MispTag).optional(),
    Attribute: z.array(z.unknown()).optional(),
    Object: z
      .array(z.object({ name: z.string().optional(), Attribute: z.array(z.unknown()).optional() }).loose())
      .optional(),
  })
  .loose();

/** A MISP attribute's STIX pattern and what it looks for (its default half-life); or why it has none. */
type Built = { pattern: string; kind: ObservableKind; name?: string } | string;

const HASHES: Record<HashKind, [string, HashKind]> = {
  md5: ["'MD5'", 'md5'],
  sha1: ["'SHA-1'", 'sha1'],
  sha256: ["'SHA-256'", 'sha256'],
  sha512: ["'SHA-512'", 'sha512'],
};

function ipComparison(value: string, path?: 'src_ref' | 'dst_ref'): string | null {
  const network = parseCidr(value.trim());
  if (network === null) return null;
  const type = network.v === 4 ? 'ipv4-addr' : 'ipv6-addr';
  const object = path ? `network-traffic:${path}.value` : `${type}:value`;
  const full = network.prefix === (network.v === 4 ? 32 : 128);
  return `${object} ${full ? '=' : 'ISSUBSET'} ${stixString(value.trim())}`;
}

function withPort(value: string, ref: 'src' | 'dst', host: 'ip' | 'hostname'): Built {
  const bar = value.lastIndexOf('|');
  const address = value.slice(0, bar);
  const port = value.slice(bar + 1);
  if (bar === -1 || !/^\d{1,5}$/.test(port) || Number(port) > 65535) return `'${value}' is not <${host}>|<port>`;
  const left =
    host === 'ip' ? ipComparison(address, `${ref}_ref`) : `network-traffic:${ref}_ref.value = ${stixString(address)}`;
  if (left === null) return `'${address}' is not an IP address`;
  return {
    pattern: `[${left} AND network-traffic:${ref}_port = ${Number(port)}]`,
    kind: host === 'ip' ? 'ipv4' : 'domain',
  };
}

/**
 * MISP attribute type → STIX pattern. Direction (ip-src / ip-dst) is not kept for bare addresses: feeds use it
 * inconsistently and an address to block is one in either direction; with a port it is kept (the port belongs
 * to that side). For `filename|<hash>` the hash is the indicator (files get renamed), the name becomes its name.
 */
const BUILDERS: Record<string, (value: string) => Built> = {
  'ip-src': (v) => {
    const c = ipComparison(v);
    return c === null ? `'${v}' is not an IP address` : { pattern: `[${c}]`, kind: 'ipv4' };
  },
  'ip-src|port': (v) => withPort(v, 'src', 'ip'),
  'ip-dst|port': (v) => withPort(v, 'dst', 'ip'),
  'hostname|port': (v) => withPort(v, 'dst', 'hostname'),
  domain: (v) => ({ pattern: `[domain-name:value = ${stixString(v.trim())}]`, kind: 'domain' }),
  'domain|ip': (v) => {
    const [domain = '', ip = ''] = v.split('|');
    const c = ipComparison(ip);
    if (c === null) return `'${ip}' is not an IP address`;
    return { pattern: `[domain-name:value = ${stixString(domain.trim())} OR ${c}]`, kind: 'ipv4' };
  },
  url: (v) => ({ pattern: `[url:value = ${stixString(v.trim())}]`, kind: 'url' }),
  filename: (v) => ({ pattern: `[file:name = ${stixString(v)}]`, kind: 'file-name' }),
  'email-src': (v) => ({ pattern: `[email-message:from_ref.value = ${stixString(v.trim())}]`, kind: 'email' }),
  'email-dst': (v) => ({ pattern: `[email-message:to_refs[*].value = ${stixString(v.trim())}]`, kind: 'email' }),
  email: (v) => ({ pattern: `[email-addr:value = ${stixString(v.trim())}]`, kind: 'email' }),
};
BUILDERS['ip-dst'] = BUILDERS['ip-src']!;
BUILDERS['hostname'] = BUILDERS['domain']!;
BUILDERS['email-reply-to'] = BUILDERS['email-src']!;
for (const [type, [name, kind]] of Object.entries(HASHES)) {
  const hash = (value: string): Built => {
    const key = hashKey(value, kind);
    return key === null ? `'${value}' is not a ${type} digest` : { pattern: `[file:hashes.${name} = '${key}']`, kind };
  };
  BUILDERS[type] = hash;
  BUILDERS[`filename|${type}`] = (v) => {
    const bar = v.lastIndexOf('|');
    const built = hash(v.slice(bar + 1));
    return typeof built === 'string' ? built : { ...built, name: v.slice(0, bar) };
  };
}
BUILDERS['malware-sample'] = BUILDERS['filename|md5']!;

/** MISP's supported attribute types (others are skipped with a reason). */
export const MISP_ATTRIBUTE_TYPES: readonly string[] = Object.keys(BUILDERS);

export interface MispImportOptions {
  /** feed name recorded on every indicator */
  readonly source: string;
  /** the feed's half-life; default: DEFAULT_HALF_LIFE_DAYS of what the attribute looks for */
  readonly halfLifeDays?: number | null;
  readonly defaultConfidence?: number;
}

export interface MispImportResult {
  readonly indicators: IntelIndicator[];
  /** to_ids attributes not converted (unsupported type, malformed value), with why */
  readonly skipped: { readonly id: string; readonly type: string; readonly reason: string }[];
  readonly attributes: number;
  /** attributes with to_ids false (context, not for detection) or deleted */
  readonly notForDetection: number;
}

const TLP_TAGS: Readonly<Record<string, TlpLevel>> = {
  'tlp:white': 'clear',
  'tlp:clear': 'clear',
  'tlp:green': 'green',
  'tlp:amber': 'amber',
  'tlp:amber+strict': 'amber+strict',
  'tlp:red': 'red',
};
const TLP_ORDER: readonly TlpLevel[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];

function isoOf(value: string | number | null | undefined): string | null {
  if (value === undefined || value === null || value === '') return null;
  const ms = typeof value === 'number' || /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** `{Event}`, a bare event, `{response: [{Event}]}` (MISP search API) or a list of those → events. */
function eventsOf(document: unknown): unknown[] {
  if (Array.isArray(document)) return document.flatMap(eventsOf);
  if (typeof document !== 'object' || document === null) return [];
  const d = document as { Event?: unknown; response?: unknown };
  if (d.Event !== undefined) return [d.Event];
  if (d.response !== undefined) return eventsOf(d.response);
  return [document];
}

const truthy = (v: unknown) => v === true || v === '1' || v === 1;

/**
 * Converts MISP event JSON (core format) into indicators: every attribute with to_ids set, in the event and in
 * its objects, whose type is in MISP_ATTRIBUTE_TYPES. Tags are the event's and the attribute's; TLP is the most
 * restrictive `tlp:` tag; confidence is an `osint:certainty="N"` tag, else the default; lastSeen is the
 * attribute's last_seen, else its timestamp (when the source last vouched for it); validFrom its first_seen.
 * Never throws on content.
 */
export function mispEventToIndicators(document: unknown, options: MispImportOptions): MispImportResult {
  const indicators: IntelIndicator[] = [];
  const skipped: { id: string; type: string; reason: string }[] = [];
  let attributes = 0;
  let notForDetection = 0;
  for (const raw of eventsOf(document)) {
    const parsedEvent = MispEvent.safeParse(raw);
    if (!parsedEvent.success) continue;
    const event = parsedEvent.data;
    const eventTags = (event.Tag ?? []).map((t) => t.name);
    const all: { attribute: unknown; object?: string }[] = [
      ...(event.Attribute ?? []).map((attribute) => ({ attribute })),
      ...(event.Object ?? []).flatMap((o) => (o.Attribute ?? []).map((attribute) => ({ attribute, object: o.name }))),
    ];
    for (const [i, { attribute, object }] of all.entries()) {
      attributes++;
      const parsed = MispAttribute.safeParse(attribute);
      const id = `misp:${(parsed.success && parsed.data.uuid) || `${event.uuid ?? 'event'}:${i}`}`;
      if (!parsed.success) {
        skipped.push({ id, type: '?', reason: 'malformed attribute' });
        continue;
      }
      const a = parsed.data;
      if (!truthy(a.to_ids) || truthy(a.deleted)) {
        notForDetection++;
        continue;
      }
      const converted = convertAttribute(a, id, eventTags, object, options);
      if (typeof converted === 'string') skipped.push({ id, type: a.type, reason: converted });
      else indicators.push(converted);
    }
  }
  return { indicators, skipped, attributes, notForDetection };
}

function convertAttribute(
  a: MispAttribute,
  id: string,
  eventTags: readonly string[],
  object: string | undefined,
  options: MispImportOptions,
): IntelIndicator | string {
  const builder = BUILDERS[a.type];
  if (!builder) return `MISP type '${a.type}' is not converted to a STIX pattern`;
  const built = builder(a.value);
  if (typeof built === 'string') return built;
  const tags = [
    ...new Set([...eventTags, ...(a.Tag ?? []).map((t) => t.name), ...(object ? [`misp-object:${object}`] : [])]),
  ];
  const tlps = tags.map((t) => TLP_TAGS[t.toLowerCase()]).filter((t) => t !== undefined);
  const certainty = tags.map((t) => /^osint:certainty="(\d{1,3})"$/.exec(t)?.[1]).find((c) => c !== undefined);
  const record = IntelIndicator.safeParse({
    id,
    source: options.source,
    name: built.name ?? (a.comment?.trim() || null),
    pattern: built.pattern,
    patternVersion: '2.1',
    validFrom: isoOf(a.first_seen),
    validUntil: null,
    lastSeen: isoOf(a.last_seen) ?? isoOf(a.timestamp),
    confidence:
      certainty !== undefined ? Math.min(100, Number(certainty)) : (options.defaultConfidence ?? DEFAULT_CONFIDENCE),
    halfLifeDays: options.halfLifeDays !== undefined ? options.halfLifeDays : DEFAULT_HALF_LIFE_DAYS[built.kind],
    tlp: tlps.length === 0 ? null : tlps.reduce((x, y) => (TLP_ORDER.indexOf(x) >= TLP_ORDER.indexOf(y) ? x : y)),
    tags,
    suppressedBy: null,
  });
  return record.success ? record.data : `invalid indicator: ${record.error.issues[0]?.message ?? 'invalid'}`;
}

const MispManifestEntry = z
  .object({
    timestamp: z.union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative()]),
    info: z.string().optional(),
  })
  .loose();

/**
 * The events of a MISP feed's `manifest.json` (event uuid → {info, timestamp, …}) changed after `since` (epoch
 * seconds; 0 for all), oldest first: the `<uuid>.json` files a feed poller fetches next. Malformed entries are
 * left out and counted.
 */
export function mispFeedUpdates(
  manifest: unknown,
  since = 0,
): { events: { uuid: string; timestamp: number; info: string | null }[]; malformed: number } {
  const events: { uuid: string; timestamp: number; info: string | null }[] = [];
  let malformed = 0;
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) return { events, malformed: 1 };
  for (const [uuid, raw] of Object.entries(manifest)) {
    const entry = MispManifestEntry.safeParse(raw);
    if (!entry.success || !/^[0-9a-f-]{36}$/i.test(uuid)) {
      malformed++;
      continue;
    }
    const timestamp = Number(entry.data.timestamp);
    if (timestamp > since) events.push({ uuid, timestamp, info: entry.data.info ?? null });
  }
  return { events: events.sort((a, b) => a.timestamp - b.timestamp), malformed };
}
