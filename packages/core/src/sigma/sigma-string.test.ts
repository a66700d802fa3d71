import { describe, expect, it } from 'vitest';
import { parseSigmaString, withContains, withEndsWith, withStartsWith } from './sigma-string.ts';
import { matches } from './test-helpers.ts';

const show = (value: string, expand = false): string =>
  parseSigmaString(value, expand)
    .map((p) => (p.kind === 'text' ? `[${p.text}]` : p.kind === 'star' ? '*' : p.kind === 'one' ? '?' : `%${p.name}%`))
    .join('');

describe('escaping (SIGMA.md 2.2.4 table)', () => {
  it.each([
    ['C:\\Windows', '[C:\\Windows]'],
    ['C:\\\\Windows', '[C:\\Windows]'],
    ['\\*', '[*]'],
    ['\\?', '[?]'],
    ['\\\\*', '[\\]*'],
    ['\\\\\\*', '[\\*]'],
    ['\\\\\\\\', '[\\\\]'],
    ['\\\\\\', '[\\\\]'],
    ['foo\\', '[foo\\]'],
    ['a*b?c', '[a]*[b]?[c]'],
  ])('%s parses as %s', (input, expected) => {
    expect(show(input)).toBe(expected);
  });

  it('keeps a trailing backslash through contains (pySigma test_contains_trailing_backslash)', () => {
    expect(withContains(parseSigmaString('foobar\\\\')).map((p) => (p.kind === 'text' ? p.text : p.kind))).toEqual([
      'star',
      'foobar\\',
      'star',
    ]);
  });

  it('treats % as special only with expand, where \\% is a literal percent', () => {
    expect(show('%x%')).toBe('[%x%]');
    expect(show('test%var%test', true)).toBe('[test]%var%[test]');
    expect(show('\\%plain%name%', true)).toBe('[%plain]%name%');
  });
});

describe('wildcards (SIGMA.md 2.2.3)', () => {
  it('does not double wildcards for contains/startswith/endswith', () => {
    expect(withContains(parseSigmaString('*foobar'))).toHaveLength(3);
    expect(withContains(parseSigmaString('foobar*'))).toHaveLength(3);
    expect(withStartsWith(parseSigmaString('foo*'))).toHaveLength(2);
    expect(withEndsWith(parseSigmaString('*foo'))).toHaveLength(2);
  });

  it('anchors plain values and lets * and ? match any run and one character', () => {
    expect(matches('sel: { F: "ab*" }\ncondition: sel', { F: 'abXYZ' })).toBe(true);
    expect(matches('sel: { F: "ab" }\ncondition: sel', { F: 'xaby' })).toBe(false);
    expect(matches('sel: { F: "a?c" }\ncondition: sel', { F: 'abc' })).toBe(true);
    expect(matches('sel: { F: "a?c" }\ncondition: sel', { F: 'abbc' })).toBe(false);
    expect(matches('sel: { F: "a*c" }\ncondition: sel', { F: 'a\nb\nc' })).toBe(true);
  });

  it('matches an escaped wildcard literally', () => {
    expect(matches("sel: { F: 'a\\*b' }\ncondition: sel", { F: 'a*b' })).toBe(true);
    expect(matches("sel: { F: 'a\\*b' }\ncondition: sel", { F: 'axxb' })).toBe(false);
    // `\*` after a path separator is a literal star; `\\*` is a backslash and then the wildcard.
    expect(matches("sel: { F: 'C:\\Windows\\*' }\ncondition: sel", { F: 'c:\\windows\\system32' })).toBe(false);
    expect(matches("sel: { F: 'C:\\Windows\\\\*' }\ncondition: sel", { F: 'c:\\windows\\system32' })).toBe(true);
  });
});

describe('case (SIGMA.md 2.2.2)', () => {
  it('matches plain strings case-insensitively, Unicode-aware', () => {
    expect(matches('sel: { F|contains: "ÉTÉ" }\ncondition: sel', { F: 'un été chaud' })).toBe(true);
    expect(matches('sel: { F|endswith: "\\\\CMD.EXE" }\ncondition: sel', { F: 'c:\\x\\cmd.exe' })).toBe(true);
  });

  it('matches case-sensitively with cased', () => {
    expect(matches('sel: { F|cased: "Abc" }\ncondition: sel', { F: 'abc' })).toBe(false);
    expect(matches('sel: { F|cased|contains: "Abc" }\ncondition: sel', { F: 'xAbcx' })).toBe(true);
  });
});
