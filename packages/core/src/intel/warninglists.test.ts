import { describe, expect, it } from 'vitest';
import { buildIndicatorIndex, matchEvent } from './indicator-index.ts';
import { IntelIndicator, isPrepared, prepareIndicator } from './indicator.ts';
import { observablesOf } from './observables.ts';
import { buildWarninglistSuppressor, suppressKnownBenign } from './warninglists.ts';

const IP_TYPES = ['ip-src', 'ip-dst', 'domain|ip', 'ip-src|port', 'ip-dst|port'];
const DOMAIN_TYPES = ['hostname', 'domain', 'url', 'domain|ip'];

const LISTS = [
  {
    name: 'RFC 1918',
    type: 'cidr',
    list: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
    matching_attributes: IP_TYPES,
  },
  { name: 'link local v6', type: 'cidr', list: ['FE80::/10'], matching_attributes: IP_TYPES },
  { name: 'umbrella v6', type: 'cidr', list: ['::ffff:9270:3d68'], matching_attributes: IP_TYPES },
  { name: 'top sites', type: 'hostname', list: ['google.com', '.microsoft.com'], matching_attributes: DOMAIN_TYPES },
  { name: 'exact names', type: 'string', list: ['captive.apple.com', 'AAA'], matching_attributes: DOMAIN_TYPES },
  {
    name: 'empty hashes',
    type: 'string',
    list: ['D41D8CD98F00B204E9800998ECF8427E'],
    matching_attributes: ['md5', 'filename|md5'],
  },
  { name: 'sandboxes', type: 'substring', list: ['sandbox'], matching_attributes: DOMAIN_TYPES },
  {
    name: 'contacts',
    type: 'regex',
    list: ['/^(security|abuse)\\@.*$/i', '/(?<x/'],
    matching_attributes: ['email-src', 'email-dst'],
  },
  { name: 'not a list', list: 'x' },
];

const record = (pattern: string): IntelIndicator =>
  IntelIndicator.parse({
    id: pattern,
    source: 'test',
    name: null,
    pattern,
    patternVersion: '2.1',
    validFrom: null,
    validUntil: null,
    lastSeen: null,
    confidence: 50,
    halfLifeDays: null,
    tlp: null,
    tags: [],
    suppressedBy: null,
  });

const suppressor = buildWarninglistSuppressor(LISTS);

function benign(pattern: string): string | null {
  const prepared = prepareIndicator(record(pattern));
  if (!isPrepared(prepared)) throw new Error(prepared.reason);
  return suppressor.benignClause(prepared.pattern.clauses[0]!);
}

describe('MISP warninglists', () => {
  it('loads the lists and reports what it cannot use', () => {
    expect(suppressor.loaded).toHaveLength(8);
    expect(suppressor.unusable.map((u) => u.reason)).toEqual([
      'regex /(?<x/ cannot run in JavaScript',
      'not a MISP warninglist',
    ]);
  });

  it.each([
    ["[ipv4-addr:value = '10.1.2.3']", 'RFC 1918'],
    ["[ipv4-addr:value ISSUBSET '192.168.10.0/24']", 'RFC 1918'],
    ["[network-traffic:dst_ref.value = '172.16.0.1' AND network-traffic:dst_port = 80]", 'RFC 1918'],
    ["[ipv6-addr:value = 'fe80::1']", 'link local v6'],
    ["[ipv4-addr:value = '146.112.61.104']", 'umbrella v6'],
    ["[domain-name:value = 'google.com']", 'top sites'],
    ["[domain-name:value = 'mail.google.com']", 'top sites'],
    ["[domain-name:value = 'login.microsoft.com']", 'top sites'],
    ["[url:value = 'https://www.google.com/search?q=x']", 'top sites'],
    ["[domain-name:value = 'captive.apple.com']", 'exact names'],
    ["[domain-name:value LIKE '%.google.com']", 'top sites'],
    ["[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']", 'empty hashes'],
    ["[domain-name:value = 'sandbox.vendor.example']", 'sandboxes'],
    ["[email-message:from_ref.value = 'Abuse@city.example']", 'contacts'],
  ])('%s is known-benign (%s)', (pattern, list) => {
    expect(benign(pattern)).toBe(list);
  });

  it.each([
    "[ipv4-addr:value = '8.8.8.8']",
    "[ipv4-addr:value ISSUBSET '8.0.0.0/6']",
    "[ipv4-addr:value ISSUBSET '0.0.0.0/0']",
    "[domain-name:value = 'google.com.evil.example']",
    "[domain-name:value = 'apple.com']",
    "[file:hashes.SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']",
    "[email-message:from_ref.value = 'ceo@city.example']",
    "[email-addr:value = 'x@sandbox.example']",
  ])('%s is not on a list that applies', (pattern) => {
    expect(benign(pattern)).toBeNull();
  });

  it('suppresses an indicator whose every alternative is benign, recording the list', () => {
    const { kept, suppressed } = suppressKnownBenign(
      [
        record("[ipv4-addr:value = '10.0.0.1' OR domain-name:value = 'google.com']"),
        record("[ipv4-addr:value = '10.0.0.1' OR domain-name:value = 'evil.example']"),
        record("[ipv4-addr:value = '8.8.8.8']"),
        record("[process:name = 'x']"),
      ],
      suppressor,
    );
    expect(suppressed.map((s) => [s.id, s.suppressedBy])).toEqual([
      ["[ipv4-addr:value = '10.0.0.1' OR domain-name:value = 'google.com']", 'RFC 1918'],
    ]);
    expect(kept).toHaveLength(3);
  });

  it('as the index suppress option, drops only the benign alternatives', () => {
    const prepared = prepareIndicator(record("[ipv4-addr:value = '10.0.0.1' OR domain-name:value = 'evil.example']"));
    if (!isPrepared(prepared)) throw new Error(prepared.reason);
    const index = buildIndicatorIndex([prepared], { suppress: suppressor.benignClause });
    expect(index.stats.suppressedClauses).toBe(1);
    expect(matchEvent(index, observablesOf({ source: { ip: '10.0.0.1' } }), 0)).toHaveLength(0);
    expect(matchEvent(index, observablesOf({ url: { domain: 'evil.example' } }), 0)).toHaveLength(1);
  });
});
