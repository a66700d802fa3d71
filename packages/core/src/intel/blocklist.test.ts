import { describe, expect, it } from 'vitest';
import { buildBlocklist } from './blocklist.ts';
import { isPrepared, prepareIndicator, type PreparedIndicator } from './indicator.ts';

const NOW = Date.parse('2026-11-22T12:00:00Z');

function indicator(
  id: string,
  pattern: string,
  confidence = 95,
  validFrom = '2026-11-22T00:00:00Z',
): PreparedIndicator {
  const prepared = prepareIndicator({
    id,
    source: 'isac',
    name: id,
    pattern,
    patternVersion: '2.1',
    validFrom,
    validUntil: null,
    lastSeen: null,
    confidence,
    halfLifeDays: 30,
    tlp: null,
    tags: [],
    suppressedBy: null,
  });
  if (!isPrepared(prepared)) throw new Error(prepared.reason);
  return prepared;
}

const ALL = new Set(['ip', 'domain', 'url', 'file_hash'] as const);

describe('buildBlocklist', () => {
  it('publishes single comparisons by kind: addresses, networks, domains, URLs and hashes', () => {
    const list = buildBlocklist(
      [
        indicator('a', "[ipv4-addr:value = '203.0.113.66']"),
        indicator('b', "[ipv4-addr:value ISSUBSET '198.51.100.0/24']"),
        indicator('c', "[ipv6-addr:value = '2001:db8::1']"),
        indicator('d', "[domain-name:value = 'Evil.Example.']"),
        indicator('e', "[url:value = 'http://evil.example/gate.php']"),
        indicator('f', "[file:hashes.'SHA-256' = 'AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899']"),
        indicator('g', "[ipv4-addr:value = '192.0.2.7'] OR [domain-name:value = 'other.example']"),
      ],
      { kinds: ALL, minScore: 50, now: NOW },
    );
    expect(list.entries).toEqual([
      '192.0.2.7',
      '198.51.100.0/24',
      '2001:db8:0:0:0:0:0:1',
      '203.0.113.66',
      'aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899',
      'evil.example',
      'evil.example/gate.php',
      'other.example',
    ]);
    const ipOnly = buildBlocklist([indicator('d', "[domain-name:value = 'evil.example']")], {
      kinds: new Set(['ip']),
      minScore: 50,
      now: NOW,
    });
    expect(ipOnly.entries).toEqual([]);
  });

  it('leaves out combined conditions and LIKE patterns (subdomains, URL prefixes), which only detection can decide', () => {
    const list = buildBlocklist(
      [
        indicator('a', "[network-traffic:dst_ref.value = '203.0.113.66' AND network-traffic:dst_port = 443]"),
        indicator('b', "[domain-name:value LIKE '%.evil.example']"),
        indicator('c', "[url:value LIKE 'http://evil.example/%']"),
      ],
      { kinds: ALL, minScore: 0, now: NOW },
    );
    expect(list.entries).toEqual([]);
  });

  it('takes only indicators whose decayed score reaches the threshold', () => {
    const fresh = indicator('fresh', "[ipv4-addr:value = '203.0.113.1']", 90);
    // Same confidence, 60 days old with a 30-day half-life: score 22.5.
    const old = indicator('old', "[ipv4-addr:value = '203.0.113.2']", 90, '2026-09-23T12:00:00Z');
    const weak = indicator('weak', "[ipv4-addr:value = '203.0.113.3']", 60);
    expect(buildBlocklist([fresh, old, weak], { kinds: ALL, minScore: 80, now: NOW }).entries).toEqual(['203.0.113.1']);
    expect(buildBlocklist([fresh, old, weak], { kinds: ALL, minScore: 20, now: NOW }).entries).toEqual([
      '203.0.113.1',
      '203.0.113.2',
      '203.0.113.3',
    ]);
  });

  it("never blocks the city's own assets, known-benign values or networks broad enough to cut the city off", () => {
    const list = buildBlocklist(
      [
        indicator('own', "[ipv4-addr:value = '10.20.0.5']"),
        indicator('own-net', "[ipv4-addr:value ISSUBSET '10.20.0.0/24']"),
        indicator('broad', "[ipv4-addr:value ISSUBSET '203.0.0.0/8']"),
        indicator('dns', "[ipv4-addr:value = '8.8.8.8']"),
        indicator('bad', "[ipv4-addr:value = '203.0.113.66']"),
      ],
      {
        kinds: ALL,
        minScore: 0,
        now: NOW,
        ownAddresses: new Map([['10.20.0.5', 'scada-hmi-1']]),
        benign: (clause) =>
          clause[0]?.test === 'equals' && clause[0].keys.includes(0x08080808) ? 'public-dns-v4' : null,
      },
    );
    expect(list.entries).toEqual(['203.0.113.66']);
    expect(list.skipped).toEqual([
      { value: '10.20.0.5', indicatorId: 'own', reason: "the city's own address (scada-hmi-1)" },
      { value: '10.20.0.0/24', indicatorId: 'own-net', reason: "the city's own address (scada-hmi-1)" },
      { value: '203.0.0.0/8', indicatorId: 'broad', reason: 'network broader than /16' },
      { value: '8.8.8.8', indicatorId: 'dns', reason: 'known-benign (public-dns-v4)' },
    ]);
  });
});
