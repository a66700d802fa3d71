import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StixPatternError } from './pattern-ast.ts';
import { compileStixPattern, indexRank, MAX_PATTERN_CLAUSES, type MatchablePattern } from './pattern-compile.ts';

function matchable(pattern: string): MatchablePattern {
  const compiled = compileStixPattern(pattern);
  if (!compiled.matchable) throw new Error(`not matchable: ${compiled.reason}`);
  return compiled;
}

function reason(pattern: string): string {
  const compiled = compileStixPattern(pattern);
  if (compiled.matchable) throw new Error(`unexpectedly matchable: ${pattern}`);
  return compiled.reason;
}

describe('compileStixPattern: what single events can decide', () => {
  it.each([
    ['[a:x = 1] FOLLOWEDBY [a:x = 2]', /FOLLOWEDBY orders observations in time/],
    ["[ipv4-addr:value = '1.2.3.4'] AND [domain-name:value = 'evil.com']", /joined by AND need several observations/],
    ["[ipv4-addr:value = '1.2.3.4'] AND [ipv4-addr:value = '5.6.7.8']", /joined by AND/],
    ["[ipv4-addr:value = '1.2.3.4'] REPEATS 5 TIMES WITHIN 60 SECONDS", /REPEATS 5 TIMES needs 5 observations/],
    ["[ipv4-addr:value = '1.2.3.4'] START t'2020-01-01T00:00:00Z' STOP t'2020-02-01T00:00:00Z'", /START\/STOP/],
    ["[url:value MATCHES '^http://evil']", /MATCHES \(PCRE\)/],
    ["[process:name = 'evil.exe']", /process:name is not observable in ECS events/],
    ["[file:hashes.SSDEEP = '3:abc:def']", /SSDEEP hashes are not matched/],
    ["[network-traffic:protocols[0] = 'tcp']", /a list position cannot be matched/],
    ["[ipv4-addr:value ISSUPERSET '10.0.0.0/8']", /ISSUPERSET/],
    ["[ipv4-addr:value = 'not-an-ip']", /'not-an-ip' is not an IP address or network/],
    ["[ipv4-addr:value = '2001:db8::1']", /is not an IPv4 address/],
    ["[url:value LIKE '%/gate.php']", /no comparison that can be looked up/],
    ["[domain-name:value LIKE 'evil%']", /no comparison that can be looked up/],
    ['[network-traffic:dst_port != 443]', /no comparison that can be looked up/],
    ["[ipv4-addr:value = '1.2.3.4' AND domain-name:value = 'evil.com']", /AND across object types/],
  ])('%s is not matchable', (pattern, why) => {
    expect(reason(pattern)).toMatch(why);
  });

  it('throws StixPatternError for invalid text, and only then', () => {
    expect(() => compileStixPattern('[ipv4-addr:value = ]')).toThrow(StixPatternError);
  });

  it('compiles an exact address, a network, and a /32 network as an address', () => {
    expect(matchable("[ipv4-addr:value = '10.0.0.1']").clauses).toEqual([
      [{ kind: 'ipv4', roles: 31, negated: false, test: 'equals', keys: [0x0a000001] }],
    ]);
    expect(matchable("[ipv4-addr:value = '223.166.0.0/15']").clauses[0]![0]).toMatchObject({
      test: 'network',
      networks: [{ v: 4, base: 0xdfa60000, prefix: 15 }],
    });
    expect(matchable("[ipv4-addr:value ISSUBSET '203.0.113.33/32']").clauses[0]![0]).toMatchObject({ test: 'equals' });
    expect(matchable("[ipv6-addr:value = '2001:DB8::1']").clauses[0]![0]).toMatchObject({
      kind: 'ipv6',
      keys: ['20010db8000000000000000000000001'],
    });
  });

  it('clears host bits of a network written with them', () => {
    expect(matchable("[ipv4-addr:value ISSUBSET '192.168.0.1/24']").clauses[0]![0]).toMatchObject({
      networks: [{ base: 0xc0a80000, prefix: 24, hostBits: true }],
    });
  });

  it('normalises values: domain case and root dot, URL scheme and host case, hash case, e-mail case', () => {
    const atom = (p: string) => matchable(p).clauses[0]![0]!;
    expect(atom("[domain-name:value = 'Evil.COM.']")).toMatchObject({ keys: ['evil.com'] });
    expect(atom("[url:value = 'HTTP://Evil.COM:80/Gate.php?X=1#frag']")).toMatchObject({
      keys: ['evil.com/Gate.php?X=1'],
    });
    expect(atom("[file:hashes.MD5 = 'D41D8CD98F00B204E9800998ECF8427E']")).toMatchObject({
      kind: 'md5',
      keys: ['d41d8cd98f00b204e9800998ecf8427e'],
    });
    expect(atom("[email-addr:value = 'Bad.Guy@Example.ORG']")).toMatchObject({ keys: ['bad.guy@example.org'] });
    expect(atom("[domain-name:value = 'bücher.example']")).toMatchObject({ keys: ['xn--bcher-kva.example'] });
    expect(atom("[x509-certificate:serial_number = '00:4c:0B']")).toMatchObject({ keys: ['4c0b'] });
  });

  it('maps network-traffic references by the literal and keeps the direction', () => {
    const [[ip, port]] = matchable(
      "[network-traffic:dst_ref.value = '198.51.100.7' AND network-traffic:dst_port = 4444]",
    ).clauses as [[unknown, unknown]];
    expect(ip).toMatchObject({ kind: 'ipv4', roles: 2 });
    expect(port).toMatchObject({ kind: 'port', roles: 2, keys: [4444] });
    expect(matchable("[network-traffic:src_ref.value = 'c2.example']").clauses[0]![0]).toMatchObject({
      kind: 'domain',
      roles: 1,
    });
  });

  it('classifies LIKE: equality without wildcards, strict subdomains, URL with a literal host', () => {
    const atom = (p: string) => matchable(p).clauses[0]![0]!;
    expect(atom("[domain-name:value LIKE 'evil.com']")).toMatchObject({ test: 'equals', keys: ['evil.com'] });
    expect(atom("[domain-name:value LIKE '%.Evil.com']")).toMatchObject({ test: 'subdomain', domain: 'evil.com' });
    expect(atom("[url:value LIKE 'https://evil.com/gate%']")).toMatchObject({
      test: 'like',
      host: 'evil.com',
      pattern: 'evil.com/gate%',
    });
  });

  it('expands AND over OR into alternatives, each with one index key', () => {
    const compiled = matchable(
      "[(network-traffic:dst_ref.value = '1.2.3.4' OR network-traffic:dst_ref.value = 'evil.com') AND network-traffic:dst_port IN (80, 443)]",
    );
    expect(compiled.clauses).toHaveLength(2);
    expect(compiled.clauses.map((c) => c.map((a) => a.kind))).toEqual([
      ['ipv4', 'port'],
      ['domain', 'port'],
    ]);
  });

  it('drops unsupported alternatives with a warning and keeps the rest', () => {
    const compiled = matchable("[domain-name:value = 'domain autuo.xicp.net' OR ipv4-addr:value = '60.10.1.115']");
    expect(compiled.clauses).toHaveLength(1);
    expect(compiled.warnings).toEqual(['"domain autuo.xicp.net" is not a valid domain value for domain-name:value']);
    const partial = matchable("[ipv4-addr:value = '1.2.3.4'] OR ([a:x = 1] FOLLOWEDBY [a:x = 2])");
    expect(partial.warnings[0]).toMatch(/observation dropped: FOLLOWEDBY/);
  });

  it('treats WITHIN and REPEATS 1 TIMES around one observation as trivially true', () => {
    expect(
      matchable("([ipv4-addr:value = '1.2.3.4'] OR [domain-name:value = 'x.org']) WITHIN 300 SECONDS").clauses,
    ).toHaveLength(2);
    expect(matchable("[ipv4-addr:value = '1.2.3.4'] REPEATS 1 TIMES").clauses).toHaveLength(1);
  });

  it('keeps negations and order tests as checks beside an index key', () => {
    const [clause] = matchable(
      "[network-traffic:dst_ref.value = '1.2.3.4' AND network-traffic:dst_port NOT IN (80, 443) AND network-traffic:src_port > 1024]",
    ).clauses;
    expect(clause).toMatchObject([
      { test: 'equals' },
      { kind: 'port', negated: true, keys: [80, 443] },
      { kind: 'port', test: 'range', min: 1025, max: 65535 },
    ]);
  });

  it('refuses patterns whose expansion exceeds the limit', () => {
    const factor = (i: number) => `(a:x = ${i} OR a:y = ${i})`;
    const pattern = `[${Array.from({ length: 13 }, (_, i) => factor(i)).join(' AND ')}]`;
    expect(2 ** 13).toBeGreaterThan(MAX_PATTERN_CLAUSES);
    expect(reason(pattern)).toMatch(/more than 4096 alternatives/);
  });

  it('accepts STIX 2.0 patterns', () => {
    expect(compileStixPattern("[ipv4-addr:value = '1.2.3.4'] within 5 seconds", { specVersion: '2.0' }).matchable).toBe(
      true,
    );
  });

  it('never throws anything but StixPatternError, and every matchable alternative has an index key (property)', () => {
    const path = fc.constantFrom(
      'ipv4-addr:value',
      'ipv6-addr:value',
      'domain-name:value',
      'url:value',
      "file:hashes.'SHA-256'",
      'file:hashes.MD5',
      'network-traffic:dst_ref.value',
      'network-traffic:dst_port',
      'network-traffic:protocols[*]',
      'email-message:to_refs[*].value',
      'process:name',
    );
    const literal = fc.constantFrom(
      "'1.2.3.4'",
      "'10.0.0.0/8'",
      "'2001:db8::/32'",
      "'evil.com'",
      "'%.evil.com'",
      "'http://x.org/%'",
      "'d41d8cd98f00b204e9800998ecf8427e'",
      '443',
      "'tcp'",
      "'a@b.c'",
      "''",
      'true',
    );
    const op = fc.constantFrom(' = ', ' != ', ' NOT = ', ' LIKE ', ' ISSUBSET ', ' > ', ' MATCHES ');
    const comparison = fc.oneof(
      fc.tuple(path, op, literal).map(([p, o, l]) => `${p}${o}${l}`),
      fc.tuple(path, fc.array(literal, { minLength: 0, maxLength: 3 })).map(([p, ls]) => `${p} IN (${ls.join(', ')})`),
    );
    const expression = fc
      .array(fc.tuple(comparison, fc.constantFrom(' AND ', ' OR ')), { minLength: 1, maxLength: 5 })
      .map((parts) => parts.map(([c, j], i) => (i === 0 ? c : `${j}${c}`)).join(''));
    const pattern = fc
      .array(fc.tuple(expression, fc.constantFrom(' OR ', ' AND ', ' FOLLOWEDBY ')), { minLength: 1, maxLength: 3 })
      .map((parts) => parts.map(([e, j], i) => (i === 0 ? `[${e}]` : `${j}[${e}]`)).join(''));
    fc.assert(
      fc.property(pattern, (text) => {
        let compiled;
        try {
          compiled = compileStixPattern(text);
        } catch (error) {
          if (!(error instanceof StixPatternError)) throw error;
          return;
        }
        if (compiled.matchable) {
          expect(compiled.clauses.length).toBeGreaterThan(0);
          for (const clause of compiled.clauses) expect(clause.some((a) => indexRank(a) !== null)).toBe(true);
        } else expect(compiled.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});
