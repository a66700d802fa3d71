import { describe, expect, it } from 'vitest';
import { buildIndicatorIndex, matchEvent, type IndicatorEntry } from './indicator-index.ts';
import { observablesOf } from './observables.ts';
import { compileStixPattern } from './pattern-compile.ts';
import { DAY_MS, indicatorScore } from './score.ts';

const NOW = Date.parse('2026-11-22T12:00:00Z');

function entry(pattern: string, extra: Partial<IndicatorEntry> = {}): IndicatorEntry {
  const compiled = compileStixPattern(pattern);
  if (!compiled.matchable) throw new Error(`not matchable: ${compiled.reason}`);
  return {
    id: pattern,
    pattern: compiled,
    validFrom: null,
    validUntil: null,
    lastSeen: null,
    confidence: 80,
    halfLifeDays: null,
    ...extra,
  };
}

/** Ids of the indicators (given as patterns) that `event` matches. */
function matches(patterns: (string | IndicatorEntry)[], event: Record<string, unknown>, now = NOW): string[] {
  const index = buildIndicatorIndex(patterns.map((p) => (typeof p === 'string' ? entry(p) : p)));
  return matchEvent(index, observablesOf(event), now).map((h) => h.indicator.id);
}

describe('matching by comparison type', () => {
  it('IPv4 equality, in any address field', () => {
    const p = "[ipv4-addr:value = '198.51.100.7']";
    for (const event of [
      { source: { ip: '198.51.100.7' } },
      { destination: { ip: '198.51.100.7' } },
      { host: { ip: ['10.0.0.1', '198.51.100.7'] } },
      { related: { ip: ['198.51.100.7'] } },
      { dns: { resolved_ip: ['198.51.100.7'] } },
      { source: { ip: '::ffff:198.51.100.7' } },
    ]) {
      expect(matches([p], event)).toEqual([p]);
    }
    expect(matches([p], { source: { ip: '198.51.100.8' } })).toEqual([]);
  });

  it('IPv6 equality whatever the textual form', () => {
    const p = "[ipv6-addr:value = '2001:db8::7']";
    expect(matches([p], { source: { ip: '2001:0DB8:0000:0000:0000:0000:0000:0007' } })).toEqual([p]);
    expect(matches([p], { destination: { ip: '[2001:db8::7]' } })).toEqual([p]);
    expect(matches([p], { destination: { ip: '2001:db8::8' } })).toEqual([]);
  });

  it('IPv4 networks by = and ISSUBSET, nested networks all reported', () => {
    const wide = "[ipv4-addr:value = '10.0.0.0/8']";
    const narrow = "[ipv4-addr:value ISSUBSET '10.20.0.0/16']";
    const other = "[ipv4-addr:value ISSUBSET '10.21.0.0/16']";
    expect(matches([wide, narrow, other], { destination: { ip: '10.20.3.4' } }).sort()).toEqual([narrow, wide].sort());
    expect(matches([wide, narrow, other], { destination: { ip: '11.0.0.1' } })).toEqual([]);
    expect(matches(["[ipv4-addr:value ISSUBSET '0.0.0.0/0']"], { source: { ip: '255.255.255.255' } })).toHaveLength(1);
  });

  it('IPv6 networks', () => {
    const p = "[network-traffic:dst_ref.value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']";
    expect(matches([p], { destination: { ip: '2001:db8:dead:beef::1' } })).toEqual([p]);
    expect(matches([p], { destination: { ip: '2001:db8:dead:bef0::1' } })).toEqual([]);
    const odd = "[ipv6-addr:value ISSUBSET 'fe80::/10']";
    expect(matches([odd], { source: { ip: 'febf::1' } })).toEqual([odd]);
    expect(matches([odd], { source: { ip: 'fec0::1' } })).toEqual([]);
  });

  it('domains match themselves and their subdomains, never through a bare TLD', () => {
    const p = "[domain-name:value = 'evil.com']";
    expect(matches([p], { dns: { question: { name: 'evil.com' } } })).toEqual([p]);
    expect(matches([p], { dns: { question: { name: 'A.B.Evil.COM.' } } })).toEqual([p]);
    expect(matches([p], { dns: { question: { name: 'notevil.com' } } })).toEqual([]);
    expect(matches([p], { dns: { question: { name: 'evil.com.au' } } })).toEqual([]);
    expect(matches(["[domain-name:value = 'com']"], { dns: { question: { name: 'evil.com' } } })).toEqual([]);
    expect(matches(["[domain-name:value = 'localhost']"], { url: { domain: 'localhost' } })).toHaveLength(1);
  });

  it('domains from every domain field, and the host of a URL', () => {
    const p = "[domain-name:value = 'c2.example']";
    for (const event of [
      { url: { domain: 'c2.example' } },
      { url: { full: 'https://x.c2.example:8443/a' } },
      { destination: { domain: 'c2.example' } },
      { tls: { client: { server_name: 'c2.example' } } },
      { related: { hosts: ['c2.example'] } },
    ]) {
      expect(matches([p], event)).toEqual([p]);
    }
  });

  it("LIKE '%.x' matches strict subdomains only", () => {
    const p = "[domain-name:value LIKE '%.evil.com']";
    expect(matches([p], { dns: { question: { name: 'a.evil.com' } } })).toEqual([p]);
    expect(matches([p], { dns: { question: { name: 'evil.com' } } })).toEqual([]);
  });

  it('URLs match regardless of scheme, host case, default port and fragment', () => {
    const p = "[url:value = 'http://evil.example/gate.php?id=1']";
    expect(matches([p], { url: { full: 'HTTPS://EVIL.example:443/gate.php?id=1#x' } })).toEqual([p]);
    expect(matches([p], { url: { original: '/gate.php?id=1', domain: 'evil.example' } })).toEqual([p]);
    expect(matches([p], { url: { full: 'http://evil.example/gate.php?id=2' } })).toEqual([]);
    expect(matches([p], { url: { full: 'http://evil.example/Gate.php?id=1' } })).toEqual([]);
  });

  it('URL LIKE with a literal host', () => {
    const p = "[url:value LIKE 'http://evil.example/payload/%.exe']";
    expect(matches([p], { url: { full: 'http://evil.example/payload/x/y.exe' } })).toEqual([p]);
    expect(matches([p], { url: { full: 'http://evil.example/payload/x.dll' } })).toEqual([]);
    expect(matches([p], { url: { full: 'http://other.example/payload/x.exe' } })).toEqual([]);
  });

  it.each([
    ['MD5', 'md5', 'D41D8CD98F00B204E9800998ECF8427E'],
    ['SHA-1', 'sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['SHA-256', 'sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    [
      'SHA-512',
      'sha512',
      'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
    ],
  ])('file hash %s from file, process, dll and related.hash', (name, field, value) => {
    const p = `[file:hashes.'${name}' = '${value}']`;
    expect(matches([p], { file: { hash: { [field]: value.toLowerCase() } } })).toEqual([p]);
    expect(matches([p], { process: { hash: { [field]: value } } })).toEqual([p]);
    expect(matches([p], { dll: { hash: { [field]: value } } })).toEqual([p]);
    expect(matches([p], { related: { hash: [value] } })).toEqual([p]);
  });

  it('a digest under another algorithm does not match', () => {
    const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(matches([`[file:hashes.'SHA-256' = '${sha256}']`], { file: { hash: { sha1: sha256 } } })).toEqual([]);
  });

  it('e-mail addresses: any field for email-addr, sender or recipient fields for email-message refs', () => {
    const any = "[email-addr:value = 'bad@evil.example']";
    const from = "[email-message:from_ref.value = 'bad@evil.example']";
    const to = "[email-message:to_refs[*].value = 'bad@evil.example']";
    expect(matches([any, from, to], { email: { from: { address: ['Bad@Evil.example'] } } }).sort()).toEqual(
      [any, from].sort(),
    );
    expect(matches([any, from, to], { email: { to: { address: ['x@y.z', 'bad@evil.example'] } } }).sort()).toEqual(
      [any, to].sort(),
    );
  });

  it('network-traffic refs and ports keep their direction', () => {
    const p = "[network-traffic:dst_ref.value = '198.51.100.7' AND network-traffic:dst_port = 4444]";
    expect(matches([p], { destination: { ip: '198.51.100.7', port: 4444 } })).toEqual([p]);
    expect(matches([p], { destination: { ip: '198.51.100.7', port: '4444' } })).toEqual([p]);
    expect(matches([p], { source: { ip: '198.51.100.7', port: 4444 } })).toEqual([]);
    expect(matches([p], { destination: { ip: '198.51.100.7', port: 443 } })).toEqual([]);
    expect(matches([p], { destination: { ip: '198.51.100.7' }, source: { port: 4444 } })).toEqual([]);
  });

  it('protocols, file names, certificate serial and issuer', () => {
    const proto = "[network-traffic:dst_ref.value = '198.51.100.7' AND network-traffic:protocols[*] = 'udp']";
    expect(matches([proto], { destination: { ip: '198.51.100.7' }, network: { transport: 'UDP' } })).toEqual([proto]);
    expect(matches([proto], { destination: { ip: '198.51.100.7' }, network: { transport: 'tcp' } })).toEqual([]);
    expect(matches(["[file:name = 'CBricksDoc']"], { file: { name: 'CBricksDoc' } })).toHaveLength(1);
    const cert =
      "[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number = '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']";
    const tls = {
      server: {
        x509: { serial_number: '4C0B1D197486A766B41ABF4027217628', issuer: { distinguished_name: 'CN=WEBMAIL' } },
      },
    };
    expect(matches([cert], { tls })).toEqual([cert]);
    expect(
      matches([cert], {
        tls: { server: { x509: { ...tls.server.x509, issuer: { distinguished_name: 'CN=OTHER' } } } },
      }),
    ).toEqual([]);
  });
});

describe('compound patterns', () => {
  it('OR inside an observation: any alternative, across object types', () => {
    const p = "[domain-name:value = 'www.webserver.dynssl.com' OR ipv4-addr:value = '113.10.246.30']";
    expect(matches([p], { dns: { question: { name: 'www.webserver.dynssl.com' } } })).toEqual([p]);
    expect(matches([p], { destination: { ip: '113.10.246.30' } })).toEqual([p]);
    expect(
      matches([p], { destination: { ip: '113.10.246.30' }, dns: { question: { name: 'www.webserver.dynssl.com' } } }),
    ).toEqual([p]);
  });

  it('AND inside an observation: every comparison on the same event', () => {
    const p = "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e' AND file:name = 'a.exe']";
    expect(matches([p], { file: { name: 'a.exe', hash: { md5: 'd41d8cd98f00b204e9800998ecf8427e' } } })).toEqual([p]);
    expect(matches([p], { file: { name: 'b.exe', hash: { md5: 'd41d8cd98f00b204e9800998ecf8427e' } } })).toEqual([]);
  });

  it('OR of observations and AND over OR expansions', () => {
    const p = "[ipv4-addr:value = '1.2.3.4'] OR [url:value = 'http://x.example/a']";
    expect(matches([p], { url: { full: 'http://x.example/a' } })).toEqual([p]);
    const q =
      "[(network-traffic:dst_ref.value = '1.2.3.4' OR network-traffic:dst_ref.value = 'evil.example') AND network-traffic:dst_port IN (80, 443)]";
    expect(matches([q], { destination: { domain: 'evil.example', port: 443 } })).toEqual([q]);
    expect(matches([q], { destination: { ip: '1.2.3.4', port: 8080 } })).toEqual([]);
  });

  it('negations need the property and a value that differs', () => {
    const p = "[network-traffic:dst_ref.value = '1.2.3.4' AND network-traffic:dst_port NOT IN (80, 443)]";
    expect(matches([p], { destination: { ip: '1.2.3.4', port: 4444 } })).toEqual([p]);
    expect(matches([p], { destination: { ip: '1.2.3.4', port: 443 } })).toEqual([]);
    expect(matches([p], { destination: { ip: '1.2.3.4' } })).toEqual([]);
    const range = "[network-traffic:dst_ref.value = '1.2.3.4' AND network-traffic:dst_port > 1024]";
    expect(matches([range], { destination: { ip: '1.2.3.4', port: 4444 } })).toEqual([range]);
    expect(matches([range], { destination: { ip: '1.2.3.4', port: 80 } })).toEqual([]);
  });

  it('reports an indicator once per event even when several values match', () => {
    const p = "[ipv4-addr:value = '1.2.3.4' OR domain-name:value = 'evil.example']";
    const index = buildIndicatorIndex([entry(p)]);
    const event = {
      source: { ip: '1.2.3.4' },
      destination: { ip: '1.2.3.4' },
      related: { ip: ['1.2.3.4'] },
      url: { domain: 'evil.example' },
    };
    const hits = matchEvent(index, observablesOf(event), NOW);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ field: 'source.ip', value: '1.2.3.4', score: 80 });
    expect(matchEvent(index, observablesOf(event), NOW)).toHaveLength(1);
  });
});

describe('validity and decay', () => {
  const p = "[ipv4-addr:value = '1.2.3.4']";
  const event = { source: { ip: '1.2.3.4' } };

  it('matches only inside [validFrom, validUntil)', () => {
    const windowed = entry(p, { validFrom: NOW - DAY_MS, validUntil: NOW + DAY_MS });
    expect(matches([windowed], event, NOW)).toHaveLength(1);
    expect(matches([windowed], event, NOW - DAY_MS)).toHaveLength(1);
    expect(matches([windowed], event, NOW - DAY_MS - 1)).toHaveLength(0);
    expect(matches([windowed], event, NOW + DAY_MS)).toHaveLength(0);
  });

  it('halves the score every half-life since last seen and stops matching below minScore', () => {
    const decaying = entry(p, { confidence: 80, halfLifeDays: 30, lastSeen: NOW, validFrom: NOW - 90 * DAY_MS });
    expect(indicatorScore(decaying, NOW + 30 * DAY_MS)).toBeCloseTo(40);
    expect(indicatorScore(decaying, NOW + 60 * DAY_MS)).toBeCloseTo(20);
    expect(indicatorScore(decaying, NOW - DAY_MS)).toBe(80);
    const index = buildIndicatorIndex([decaying], { minScore: 25 });
    const hit = matchEvent(index, observablesOf(event), NOW + 30 * DAY_MS)[0];
    expect(hit?.score).toBeCloseTo(indicatorScore(decaying, NOW + 30 * DAY_MS));
    expect(matchEvent(index, observablesOf(event), NOW + 60 * DAY_MS)).toHaveLength(0);
  });

  it('decays from validFrom when never seen, and not at all without a half-life', () => {
    expect(
      indicatorScore({ confidence: 60, halfLifeDays: 10, lastSeen: null, validFrom: NOW }, NOW + 10 * DAY_MS),
    ).toBeCloseTo(30);
    expect(indicatorScore({ confidence: 60, halfLifeDays: null, lastSeen: NOW, validFrom: null }, NOW + 1e12)).toBe(60);
  });
});

describe('index', () => {
  it('leaves out clauses the suppressor finds benign and counts them', () => {
    const p = "[domain-name:value = 'evil.example' OR ipv4-addr:value = '8.8.8.8']";
    const index = buildIndicatorIndex([entry(p)], {
      suppress: (clause) => (clause[0]!.kind === 'ipv4' ? 'public-dns' : null),
    });
    expect(index.stats.suppressedClauses).toBe(1);
    expect(matchEvent(index, observablesOf({ destination: { ip: '8.8.8.8' } }), NOW)).toHaveLength(0);
    expect(matchEvent(index, observablesOf({ dns: { question: { name: 'evil.example' } } }), NOW)).toHaveLength(1);
  });

  it('returns the caller objects and counts keys', () => {
    const entries = [
      entry("[ipv4-addr:value = '1.2.3.4']"),
      entry("[ipv4-addr:value ISSUBSET '10.0.0.0/8']"),
      entry("[domain-name:value = 'a.b']"),
    ];
    const index = buildIndicatorIndex(entries);
    expect(index.stats).toMatchObject({ indicators: 3, clauses: 3, keys: { ipv4: 1, domain: 1 }, ipv4Networks: 1 });
    expect(matchEvent(index, observablesOf({ source: { ip: '1.2.3.4' } }), NOW)[0]!.indicator).toBe(entries[0]);
  });

  it('returns nothing for an event without observables', () => {
    const index = buildIndicatorIndex([entry("[ipv4-addr:value = '1.2.3.4']")]);
    expect(matchEvent(index, observablesOf({ message: 'hello' }), NOW)).toEqual([]);
  });
});
