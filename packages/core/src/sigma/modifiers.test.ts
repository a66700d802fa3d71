import { describe, expect, it } from 'vitest';
import { base64, base64Offsets, utf8Bytes } from './encodings.ts';
import { parseSigmaString } from './sigma-string.ts';
import { matches, refusal } from './test-helpers.ts';
import { windashVariants } from './windash.ts';

const texts = (variants: ReturnType<typeof windashVariants>): string[] =>
  variants.map((v) => v.map((p) => (p.kind === 'text' ? p.text : '*')).join(''));

describe('windash (SIGMA.md 2.2.8)', () => {
  it('gives exactly 25 variants of "-param-1 -param2", never touching the inner dash', () => {
    const variants = texts(windashVariants(parseSigmaString('-param-1 -param2')));
    expect(variants).toHaveLength(25);
    expect(new Set(variants).size).toBe(25);
    expect(variants.every((v) => v.includes('param-1'))).toBe(true);
    expect(variants).toContain('/param-1 \u2015param2');
  });

  it('makes 5 contains values of " -enc " and matches each dash form', () => {
    for (const dash of ['-', '/', '\u2013', '\u2014', '\u2015']) {
      expect(matches("sel: { C|windash|contains: ' -enc ' }\ncondition: sel", { C: `ps ${dash}enc AAA` })).toBe(true);
    }
    expect(matches("sel: { C|contains|windash: ' -enc ' }\ncondition: sel", { C: 'ps /ENC x' })).toBe(true);
    expect(matches("sel: { C|windash|contains: ' -enc ' }\ncondition: sel", { C: 'ps +enc x' })).toBe(false);
  });

  it('ORs variants inside one value even under |all (SigmaExpansion)', () => {
    const rule = "sel: { C|windash|contains|all: ['-a', '-b'] }\ncondition: sel";
    expect(matches(rule, { C: 'x /a \u2014b' })).toBe(true);
    expect(matches(rule, { C: 'x /a' })).toBe(false);
  });
});

describe('base64 and base64offset (SIGMA.md 2.2.9)', () => {
  it('encodes foobar', () => {
    expect(base64(utf8Bytes('foobar'))).toBe('Zm9vYmFy');
  });

  it.each([
    ['foobar', ['Zm9vYmFy', 'Zvb2Jhc', 'mb29iYX']],
    ['http', ['aHR0c', 'h0dH', 'odHRw']],
  ])('gives the check values for %s', (value, expected) => {
    expect(base64Offsets(utf8Bytes(value))).toEqual(expected);
  });

  it('finds a value at any offset inside Base64 text', () => {
    const rule = "sel: { C|base64offset|contains: 'http' }\ncondition: sel";
    for (const prefix of ['', 'a', 'ab']) {
      expect(matches(rule, { C: `-e ${btoa(`${prefix}http://x`)}` })).toBe(true);
    }
    expect(matches(rule, { C: btoa('ftp://x') })).toBe(false);
  });

  it('encodes UTF-16LE before base64 for PowerShell -enc payloads', () => {
    const payload = btoa(String.fromCharCode(...[...'IEX (New-Object'].flatMap((c) => [c.charCodeAt(0), 0])));
    const rule = "sel: { C|wide|base64offset|contains: 'New-Object' }\ncondition: sel";
    expect(matches(rule, { C: `powershell -enc ${payload}` })).toBe(true);
    expect(matches("sel: { C|base64|contains: 'IEX' }\ncondition: sel", { C: `x ${btoa('IEX')} y` })).toBe(true);
  });

  it('refuses wildcards under base64 and base64 on a regex', () => {
    expect(refusal("sel: { C|base64: 'a*' }\ncondition: sel")).toMatch(/wildcards/);
    expect(refusal("sel: { C|contains|base64offset: 'a' }\ncondition: sel")).toMatch(/wildcards/);
    expect(refusal("sel: { C|base64|re: 'a' }\ncondition: sel")).toMatch(/first modifier/);
  });

  it('encodes utf16be and utf16 with a BOM', () => {
    expect(matches("sel: { C|utf16be: 'ab' }\ncondition: sel", { C: '\x00a\x00b' })).toBe(true);
    expect(matches("sel: { C|utf16: 'ab' }\ncondition: sel", { C: '\xff\xfea\x00b\x00' })).toBe(true);
    expect(matches("sel: { C|utf16le|contains: 'ab' }\ncondition: sel", { C: 'xa\x00b\x00y' })).toBe(true);
  });
});

describe('re (SIGMA.md 2.2.10)', () => {
  it('searches unanchored and case-sensitively by default', () => {
    // `b+c` would be refused: an unanchored search for it is quadratic on a run of b (regex-safety.ts).
    expect(matches("sel: { C|re: 'b{2,3}c' }\ncondition: sel", { C: 'abbbcd' })).toBe(true);
    expect(matches("sel: { C|re: 'B{2,3}C' }\ncondition: sel", { C: 'abbbcd' })).toBe(false);
    expect(matches("sel: { C|re: '^bc' }\ncondition: sel", { C: 'abc' })).toBe(false);
  });

  it('maps i, m, s and their long aliases to flags, and lifts a leading (?i)', () => {
    expect(matches("sel: { C|re|i: 'ABC' }\ncondition: sel", { C: 'xabc' })).toBe(true);
    expect(matches("sel: { C|re|ignorecase: 'ABC' }\ncondition: sel", { C: 'xabc' })).toBe(true);
    expect(matches("sel: { C|re|m: '^b$' }\ncondition: sel", { C: 'a\nb\nc' })).toBe(true);
    expect(matches("sel: { C|re: '^b$' }\ncondition: sel", { C: 'a\nb\nc' })).toBe(false);
    expect(matches("sel: { C|re|s: 'a.b' }\ncondition: sel", { C: 'a\nb' })).toBe(true);
    expect(matches("sel: { C|re: '(?i)ABC' }\ncondition: sel", { C: 'abc' })).toBe(true);
  });

  it('does not unescape regex values', () => {
    expect(matches("sel: { C|re: 'a\\\\b' }\ncondition: sel", { C: 'a\\b' })).toBe(true);
  });

  it('refuses invalid regexes, cased on a regex, and flags without re', () => {
    expect(refusal("sel: { C|re: 'a(' }\ncondition: sel")).toMatch(/invalid regular expression/);
    expect(refusal("sel: { C|re|cased: 'a' }\ncondition: sel")).toMatch(/cannot follow \|re/);
    expect(refusal("sel: { C|i: 'a' }\ncondition: sel")).toMatch(/only valid after \|re/);
  });
});

describe('cidr (SIGMA.md 2.2.11)', () => {
  it('tests IPv4 and IPv6 containment', () => {
    const v4 = "sel: { ip|cidr: '10.0.0.0/14' }\ncondition: sel";
    expect(matches(v4, { ip: '10.3.255.1' })).toBe(true);
    expect(matches(v4, { ip: '10.4.0.1' })).toBe(false);
    expect(matches(v4, { ip: '::ffff:10.1.2.3' })).toBe(true);
    expect(matches(v4, { ip: 'not an ip' })).toBe(false);
    const v6 = "sel: { ip|cidr: '2001:db8::/32' }\ncondition: sel";
    expect(matches(v6, { ip: '2001:db8:1::5' })).toBe(true);
    expect(matches(v6, { ip: '2001:db9::5' })).toBe(false);
    expect(matches(v6, { ip: '10.0.0.1' })).toBe(false);
  });

  it('refuses a network with host bits set, a bad prefix, and cidr not first', () => {
    expect(refusal("sel: { ip|cidr: '192.168.1.1/24' }\ncondition: sel")).toMatch(/host bits/);
    expect(refusal("sel: { ip|cidr: '2001:db8::1/32' }\ncondition: sel")).toMatch(/host bits/);
    expect(refusal("sel: { ip|cidr: '10.0.0.0/33' }\ncondition: sel")).toMatch(/prefix/);
    expect(refusal("sel: { ip|contains|cidr: '10.0.0.0/8' }\ncondition: sel")).toMatch(/first modifier/);
  });
});

describe('numbers and comparisons (SIGMA.md 2.2.5, 2.2.12)', () => {
  it('matches a YAML number against numbers and numeric strings', () => {
    expect(matches('sel: { EventID: 4688 }\ncondition: sel', { EventID: 4688 })).toBe(true);
    expect(matches('sel: { EventID: 4688 }\ncondition: sel', { EventID: '4688' })).toBe(true);
    expect(matches('sel: { EventID: 4688 }\ncondition: sel', { EventID: '4689' })).toBe(false);
    expect(matches("sel: { EventID: '4688' }\ncondition: sel", { EventID: 4688 })).toBe(true);
  });

  it('keeps a zero-padded value as text, as PyYAML does', () => {
    expect(matches('sel: { D|contains: 00000429 }\ncondition: sel', { D: 'x00000429' })).toBe(true);
    expect(matches('sel: { D|contains: 00000429 }\ncondition: sel', { D: 'x429' })).toBe(false);
  });

  it('compares gt/gte/lt/lte numerically, coercing numeric event strings', () => {
    expect(matches('sel: { n|gt: 10 }\ncondition: sel', { n: '11' })).toBe(true);
    expect(matches('sel: { n|gt: 10 }\ncondition: sel', { n: 10 })).toBe(false);
    expect(matches('sel: { n|gte: 10 }\ncondition: sel', { n: 10 })).toBe(true);
    expect(matches('sel: { n|lt: 10 }\ncondition: sel', { n: 9.5 })).toBe(true);
    expect(matches('sel: { n|lte: 10 }\ncondition: sel', { n: 'ten' })).toBe(false);
    expect(matches('sel: { n|lt: 10 }\ncondition: sel', {})).toBe(false);
  });

  it('refuses a string under a numeric modifier', () => {
    expect(refusal("sel: { n|gt: '123' }\ncondition: sel")).toMatch(/expects a number/);
  });

  it('neq negates the item but a missing field is no match', () => {
    expect(matches('sel: { n|neq: 5 }\ncondition: sel', { n: 6 })).toBe(true);
    expect(matches('sel: { n|neq: 5 }\ncondition: sel', { n: '5' })).toBe(false);
    expect(matches("sel: { u|neq: ['a', 'b'] }\ncondition: sel", { u: 'c' })).toBe(true);
    expect(matches("sel: { u|neq: ['a', 'b'] }\ncondition: sel", { u: 'B' })).toBe(false);
    expect(matches('sel: { n|neq: 5 }\ncondition: sel', {})).toBe(false);
  });

  it('extracts time parts before comparing', () => {
    const event = { t: '2025-10-24T23:41:48.497Z' };
    expect(matches('sel: { t|hour: 23 }\ncondition: sel', event)).toBe(true);
    expect(matches('sel: { t|hour|gte: 22 }\ncondition: sel', event)).toBe(true);
    expect(matches('sel: { t|minute: 41 }\ncondition: sel', event)).toBe(true);
    expect(matches('sel: { t|day: 24 }\ncondition: sel', event)).toBe(true);
    expect(matches('sel: { t|month: 10 }\ncondition: sel', event)).toBe(true);
    expect(matches('sel: { t|year: 2025 }\ncondition: sel', event)).toBe(true);
    expect(matches('sel: { t|week: 43 }\ncondition: sel', event)).toBe(true);
    expect(matches('sel: { t|hour: 1 }\ncondition: sel', { t: 'garbage' })).toBe(false);
  });
});

describe('fieldref (SIGMA.md 2.2.16)', () => {
  it('compares two fields case-insensitively', () => {
    expect(matches('sel: { a|fieldref: b }\ncondition: sel', { a: 'X', b: 'x' })).toBe(true);
    expect(matches('sel: { a|fieldref: b }\ncondition: sel', { a: 'X', b: 'y' })).toBe(false);
    expect(matches('sel: { a|fieldref|contains: b }\ncondition: sel', { a: 'xyz', b: 'Y' })).toBe(true);
    expect(matches('sel: { a|fieldref|startswith: b }\ncondition: sel', { a: 'xyz', b: 'y' })).toBe(false);
    expect(matches('sel: { a|fieldref|endswith: b }\ncondition: sel', { a: 'xyz', b: 'yz' })).toBe(true);
    expect(matches('sel: { a|fieldref|neq: b }\ncondition: sel', { a: 'x', b: 'y' })).toBe(true);
  });

  it('does not match when the referenced field is missing, and refuses wildcard names', () => {
    expect(matches('sel: { a|fieldref: b }\ncondition: sel', { a: 'x' })).toBe(false);
    expect(refusal("sel: { a|fieldref: 'b*' }\ncondition: sel")).toMatch(/wildcards/);
  });
});

describe('expand (SIGMA.md 2.2.15)', () => {
  const placeholders = { Servers: ['srv-*', 'dc01'] };

  it('resolves a placeholder to an OR of configured values (wildcards allowed)', () => {
    const rule = "sel: { host|expand: '%Servers%' }\ncondition: sel";
    expect(matches(rule, { host: 'SRV-web' }, { placeholders })).toBe(true);
    expect(matches(rule, { host: 'dc01' }, { placeholders })).toBe(true);
    expect(matches(rule, { host: 'ws-1' }, { placeholders })).toBe(false);
  });

  it('keeps %x% literal without expand', () => {
    expect(matches("sel: { host: '%Servers%' }\ncondition: sel", { host: '%servers%' })).toBe(true);
  });

  it('refuses an unresolvable placeholder', () => {
    expect(refusal("sel: { host|expand: '%Nope%' }\ncondition: sel", { placeholders })).toMatch(
      /unresolvable placeholder %Nope%/,
    );
  });
});

describe('modifier validation (SIGMA.md 2.2.17)', () => {
  it('refuses unknown and repeated modifiers', () => {
    expect(refusal("sel: { a|bogus: 'x' }\ncondition: sel")).toMatch(/unknown modifier \|bogus/);
    expect(refusal("sel: { a|contains|contains: 'x' }\ncondition: sel")).toMatch(/repeated/);
  });

  it('accepts |all with a single value as plain (documented choice)', () => {
    expect(matches("sel: { a|contains|all: 'x' }\ncondition: sel", { a: 'axb' })).toBe(true);
  });

  it('ANDs values under |all and ORs them otherwise', () => {
    expect(matches("sel: { a|contains|all: ['x', 'y'] }\ncondition: sel", { a: 'x' })).toBe(false);
    expect(matches("sel: { a|contains|all: ['x', 'y'] }\ncondition: sel", { a: 'yx' })).toBe(true);
    expect(matches("sel: { a|contains: ['x', 'y'] }\ncondition: sel", { a: 'y' })).toBe(true);
  });
});
