import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAddress } from '../sigma/cidr.ts';
import { buildIndicatorIndex, matchEvent, type IndicatorEntry } from './indicator-index.ts';
import { buildIpv4Ranges, innermostNetwork, networksContaining } from './ip-ranges.ts';
import { cidrContains, formatIpv4, ipv4Mask, parseCidr, parseIp, parseIpv4, parseIpv6 } from './ip.ts';
import { likeMatches } from './like.ts';
import { makeObservable } from './observables.ts';
import { compileStixPattern } from './pattern-compile.ts';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const network = fc.record({ base: u32, prefix: fc.integer({ min: 0, max: 32 }) }).map(({ base, prefix }) => ({
  base: (base & ipv4Mask(prefix)) >>> 0,
  prefix,
}));
/** Addresses near the networks' edges as well as anywhere: random addresses alone rarely hit a /28. */
const probe = (networks: { base: number; prefix: number }[]) =>
  networks.length === 0
    ? u32
    : fc.oneof(
        u32,
        fc.tuple(fc.constantFrom(...networks), fc.integer({ min: -2, max: 2 }), fc.boolean()).map(([n, d, end]) => {
          const edge = end ? n.base + 2 ** (32 - n.prefix) - 1 : n.base;
          return Math.min(0xffffffff, Math.max(0, edge + d));
        }),
      );

function entry(pattern: string): IndicatorEntry {
  const compiled = compileStixPattern(pattern);
  if (!compiled.matchable) throw new Error(compiled.reason);
  return {
    id: pattern,
    pattern: compiled,
    validFrom: null,
    validUntil: null,
    lastSeen: null,
    confidence: 100,
    halfLifeDays: null,
  };
}

describe('IPv4 networks (property: agrees with a naive containment check)', () => {
  it('innermost network + parents = every network containing the address', () => {
    fc.assert(
      fc.property(
        fc
          .array(network, { maxLength: 40 })
          .chain((networks) =>
            fc.tuple(fc.constant(networks), fc.array(probe(networks), { minLength: 1, maxLength: 20 })),
          ),
        ([networks, addresses]) => {
          const ranges = buildIpv4Ranges(networks.map((n, id) => ({ ...n, id })));
          for (const address of addresses) {
            const found: number[] = [];
            for (let n = innermostNetwork(ranges, address); n !== -1; n = ranges.parent[n]!) found.push(n);
            expect(found.sort((a, b) => a - b)).toEqual(networksContaining(ranges, address));
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('the index finds exactly the CIDR and exact-address indicators containing an event address', () => {
    fc.assert(
      fc.property(
        fc
          .array(network, { minLength: 1, maxLength: 30 })
          .chain((networks) =>
            fc.tuple(fc.constant(networks), fc.array(probe(networks), { minLength: 1, maxLength: 10 })),
          ),
        ([networks, addresses]) => {
          const patterns = [
            ...networks.map((n) => `[ipv4-addr:value ISSUBSET '${formatIpv4(n.base)}/${n.prefix}']`),
            ...addresses.slice(0, 3).map((a) => `[ipv4-addr:value = '${formatIpv4(a)}']`),
          ];
          // Ids by position: the same network may be listed twice, as two indicators.
          const index = buildIndicatorIndex(patterns.map((p, i) => ({ ...entry(p), id: String(i) })));
          for (const address of addresses) {
            const text = formatIpv4(address);
            const expected = patterns
              .map((p, i) => [p, String(i)] as const)
              .filter(([p]) => cidrContains(parseCidr(/'(.*)'/.exec(p)![1]!)!, parseIp(text)!))
              .map(([, id]) => id);
            const got = matchEvent(index, [makeObservable('ipv4', text)!], 0).map((h) => h.indicator.id);
            expect(got.sort()).toEqual(expected.sort());
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('IPv6 networks (property)', () => {
  const hextets = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 });
  const text = (h: number[]) => h.map((x) => x.toString(16)).join(':');

  it('the index agrees with a naive prefix check', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(hextets, fc.integer({ min: 1, max: 128 })), { minLength: 1, maxLength: 15 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 127 }), fc.boolean())),
        (networks, tweaks) => {
          const patterns = networks.map(([h, p]) => `[ipv6-addr:value ISSUBSET '${text(h)}/${p}']`);
          const index = buildIndicatorIndex(patterns.map((p, i) => ({ ...entry(p), id: String(i) })));
          // Addresses: each network's own address with one bit possibly flipped.
          const addresses = networks.map(([h], i) => {
            const [pick, bit, flip] = tweaks[i] ?? [0, 0, false];
            const source = networks[pick % networks.length]![0];
            const copy = [...(flip ? source : h)];
            copy[bit >> 4] = copy[bit >> 4]! ^ (1 << (15 - (bit & 15)));
            return text(copy);
          });
          for (const address of addresses) {
            const ip = parseIp(address)!;
            const expected = patterns.flatMap((p, i) =>
              cidrContains(parseCidr(/'(.*)'/.exec(p)![1]!)!, ip) ? [String(i)] : [],
            );
            const got = matchEvent(index, [makeObservable('ipv6', address)!], 0).map((h) => h.indicator.id);
            expect(got.sort()).toEqual(expected.sort());
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('address parsing (property: agrees with the Sigma engine BigInt parser)', () => {
  it('IPv4', () => {
    fc.assert(
      fc.property(u32, (n) => {
        expect(parseIpv4(formatIpv4(n))).toBe(n);
      }),
    );
    for (const bad of ['1.2.3', '1.2.3.4.5', '256.1.1.1', '1..2.3', '1.2.3.4 ', 'a.b.c.d', '1234.1.1.1', '']) {
      expect(parseIpv4(bad)).toBe(-1);
    }
  });

  it('IPv6 in compressed, expanded, mixed-case and dotted-quad forms', () => {
    const group = fc.integer({ min: 0, max: 0xffff });
    fc.assert(
      fc.property(
        fc.array(group, { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 8 }),
        fc.boolean(),
        (groups, start, length, dotted) => {
          const parts = groups.map((g) => g.toString(16));
          let text = parts.join(':');
          if (dotted)
            text = `${parts.slice(0, 6).join(':')}:${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
          else if (length > 1 && start + length <= 8) {
            text = `${parts.slice(0, start).join(':')}::${parts.slice(start + length).join(':')}`;
            groups = groups.map((g, i) => (i >= start && i < start + length ? 0 : g));
          }
          const reference = parseAddress(text.toUpperCase(), false);
          const hex = parseIpv6(text.toUpperCase());
          expect(reference).not.toBeNull();
          expect(hex).toBe(reference!.bits.toString(16).padStart(32, '0'));
        },
      ),
      { numRuns: 500 },
    );
    for (const bad of [
      '1::2::3',
      ':1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      '12345::',
      'g::1',
      '1:2:3:4:5:6:7',
      '::1.2.3',
    ]) {
      expect(parseIpv6(bad)).toBeNull();
    }
  });
});

describe('LIKE (property: agrees with an anchored regular expression)', () => {
  it('% and _ as wildcards', () => {
    const unit = fc.constantFrom('a', 'b', '.', '%', '_', '/');
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 8 }),
        fc.string({ unit: fc.constantFrom('a', 'b', '.', '/'), maxLength: 10 }),
        (pattern, text) => {
          const re = new RegExp(
            `^${pattern
              .replace(/[.\\/]/g, '\\$&')
              .replace(/%/g, '.*')
              .replace(/_/g, '.')}$`,
            's',
          );
          expect(likeMatches(pattern, text)).toBe(re.test(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('stays fast on a hostile pattern', () => {
    const started = performance.now();
    expect(likeMatches(`${'%a'.repeat(200)}b`, 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
