import { describe, expect, it } from 'vitest';
import { compile } from './engine.ts';
import { flattenEvent } from './event.ts';
import { parseRules } from './parse-rules.ts';
import { matches, refusal } from './test-helpers.ts';

describe('structure (SIGMA.md 2.2.1)', () => {
  it('ANDs a map, ORs a list of maps, ORs a field value list', () => {
    expect(matches('sel: { a: 1, b: 2 }\ncondition: sel', { a: 1, b: 3 })).toBe(false);
    expect(matches('sel: [{ a: 1 }, { b: 2 }]\ncondition: sel', { a: 0, b: 2 })).toBe(true);
    expect(matches('sel: { a: [1, 2] }\ncondition: sel', { a: 2 })).toBe(true);
  });

  it('ORs a condition given as a list', () => {
    const rule = 'a: { x: 1 }\nb: { y: 1 }\ncondition: [a, b]';
    expect(matches(rule, { y: 1 })).toBe(true);
    expect(matches(rule, { z: 1 })).toBe(false);
  });

  it('matches any element of an array-valued field', () => {
    expect(matches('sel: { tags: b }\ncondition: sel', { tags: ['a', 'b'] })).toBe(true);
  });
});

describe('conditions (SIGMA.md 2.2.13)', () => {
  const ev = { a: 1, b: 1 };
  const det = (condition: string): string =>
    `s1: { a: 1 }\ns2: { b: 1 }\nf1: { c: 1 }\n_x: { a: 1 }\ncondition: ${condition}`;

  it('gives and precedence over or, and not over and', () => {
    expect(matches(det('f1 and s1 or s2'), ev)).toBe(true);
    expect(matches(det('f1 and (s1 or s2)'), ev)).toBe(false);
    expect(matches(det('not f1 and s1'), ev)).toBe(true);
    expect(matches(det('not not s1'), ev)).toBe(true);
  });

  it('supports 1 of / any of / all of with globs and them', () => {
    expect(matches(det('1 of s*'), { b: 1 })).toBe(true);
    expect(matches(det('any of s*'), { b: 1 })).toBe(true);
    expect(matches(det('all of s*'), { b: 1 })).toBe(false);
    expect(matches(det('all of s*'), ev)).toBe(true);
    expect(matches(det('all of them'), ev)).toBe(false);
    expect(matches(det('1 of s? and not 1 of f*'), ev)).toBe(true);
  });

  it('applies the underscore rule: _x is skipped by them and s*, included by _*', () => {
    const rule = '_x: { a: 1 }\ns: { b: 1 }\ncondition: 1 of them';
    expect(matches(rule, { a: 1 })).toBe(false);
    expect(matches('_x: { a: 1 }\ns: { b: 1 }\ncondition: 1 of _*', { a: 1 })).toBe(true);
    expect(matches('_x: { a: 1 }\ncondition: _x', { a: 1 })).toBe(true);
  });

  it('refuses missing identifiers, empty globs, bad quantifiers and aggregations', () => {
    expect(refusal('s1: { a: 1 }\ncondition: s2')).toMatch(/undefined search identifier 's2'/);
    expect(refusal('s1: { a: 1 }\ncondition: 1 of f*')).toMatch(/matches no search identifier/);
    expect(refusal('_x: { a: 1 }\ncondition: 1 of them')).toMatch(/matches no search identifier/);
    expect(refusal('s1: { a: 1 }\ncondition: 2 of s*')).toMatch(/invalid quantifier/);
    expect(refusal('s1: { a: 1 }\ncondition: s1 | count() > 5')).toMatch(/aggregation/);
    expect(refusal('s1: { a: 1 }\ncondition: (s1')).toMatch(/expected '\)'/);
    expect(refusal('s1: { a: 1 }\ncondition: s1 AND s1')).toMatch(/unexpected 'AND'/);
  });
});

describe('null, empty and missing (SIGMA.md 2.2.6)', () => {
  it('null matches a missing field and a JSON null, not an empty string', () => {
    const rule = 'sel: { F: null }\ncondition: sel';
    expect(matches(rule, {})).toBe(true);
    expect(matches(rule, { F: null })).toBe(true);
    expect(matches(rule, { F: '' })).toBe(false);
  });

  it("'' matches only the empty string", () => {
    const rule = "sel: { F: '' }\ncondition: sel";
    expect(matches(rule, { F: '' })).toBe(true);
    expect(matches(rule, {})).toBe(false);
    expect(matches(rule, { F: null })).toBe(false);
  });

  it('exists tests presence whatever the value', () => {
    expect(matches('sel: { F|exists: true }\ncondition: sel', { F: null })).toBe(true);
    expect(matches('sel: { F|exists: true }\ncondition: sel', { F: '' })).toBe(true);
    expect(matches('sel: { F|exists: true }\ncondition: sel', {})).toBe(false);
    expect(matches('sel: { F|exists: false }\ncondition: sel', {})).toBe(true);
  });

  it('refuses exists with other modifiers or a non-boolean, and null in a list', () => {
    expect(refusal('sel: { F|exists|all: true }\ncondition: sel')).toMatch(/no other modifier/);
    expect(refusal("sel: { F|exists: 'yes' }\ncondition: sel")).toMatch(/single boolean/);
    expect(refusal("sel: { F: [null, 'a'] }\ncondition: sel")).toMatch(/null cannot be part of a value list/);
  });

  it('not selection is true for an event missing the field (plain boolean logic)', () => {
    expect(matches("sel: { F: 'x' }\ncondition: not sel", {})).toBe(true);
    expect(matches("sel: { F: '*' }\ncondition: sel", {})).toBe(false);
    expect(matches("sel: { F: '*' }\ncondition: sel", { F: '' })).toBe(true);
  });
});

describe('keywords (SIGMA.md 2.2.14)', () => {
  const event = { a: 'nothing', nested: { deep: ['x', 'mimikatz event::clear'] }, n: 4625 };

  it('searches every value of the event with implicit contains, case-insensitively', () => {
    expect(matches("kw: ['EVENT::CLEAR', 'other']\ncondition: kw", event)).toBe(true);
    expect(matches("kw: ['absent']\ncondition: kw", event)).toBe(false);
    expect(matches('kw: [4625]\ncondition: kw', event)).toBe(true);
    expect(matches("kw: 'event::clear'\ncondition: kw", event)).toBe(true);
  });

  it("ANDs keywords under '|all' and honours wildcards", () => {
    expect(matches("kw:\n  '|all': ['mimikatz', 'clear']\ncondition: kw", event)).toBe(true);
    expect(matches("kw:\n  '|all': ['mimikatz', 'absent']\ncondition: kw", event)).toBe(false);
    expect(matches("kw: ['mimi*clear']\ncondition: kw", event)).toBe(true);
  });
});

describe('Windows event shape', () => {
  const windows = {
    Event: {
      System: {
        Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing' } },
        EventID: { '#attributes': { Qualifiers: '' }, '#text': 4688 },
        Channel: 'Security',
      },
      EventData: { Data: [{ '#attributes': { Name: 'NewProcessName' }, '#text': 'C:\\x\\cmd.exe' }] },
    },
  };

  it('lifts System, attributes and EventData Name/#text pairs to top-level fields', () => {
    const e = flattenEvent(windows);
    expect(e.get('EventID')).toBe(4688);
    expect(e.get('Provider_Name')).toBe('Microsoft-Windows-Security-Auditing');
    expect(e.get('NewProcessName')).toBe('C:\\x\\cmd.exe');
    expect(e.get('Event.System.Channel')).toBe('Security');
    expect(e.get('Missing')).toBeUndefined();
  });

  it('reads dotted paths into nested objects and dotted key names', () => {
    const e = flattenEvent({ a: { b: { c: 1 } }, 'id.orig_h': '10.0.0.1' });
    expect(e.get('a.b.c')).toBe(1);
    expect(e.get('id.orig_h')).toBe('10.0.0.1');
  });
});

describe('parseRules', () => {
  it('reads several documents and refuses each bad one with a reason', () => {
    const text = [
      'title: ok\nid: a\nlogsource: {}\ndetection: { s: { x: 1 }, condition: s }',
      'title: no detection\nid: b\nlogsource: {}',
      'title: [unclosed',
      'title: c\nid: c\nlogsource: {}\ncorrelation: { type: event_count }',
    ].join('\n---\n');
    const { rules, errors } = parseRules(text, 'multi.yml');
    expect(rules.map((r) => r.id)).toEqual(['a']);
    expect(errors).toEqual([
      {
        file: 'multi.yml',
        id: 'b',
        reason: 'document 2: detection: Invalid input: expected record, received undefined',
      },
      { file: 'multi.yml', reason: expect.stringMatching(/^document 3: invalid YAML/) },
      { file: 'multi.yml', id: 'c', reason: 'document 4: correlation.rules must be a string or a list of strings' },
    ]);
  });

  it('never throws on garbage', () => {
    for (const text of ['', '---', '[1, 2]', 'a: *nope', '\t\t:', 'x: !!binary zz']) {
      expect(() => parseRules(text)).not.toThrow();
    }
  });

  it('refuses duplicate ids at compile time', () => {
    const one = 'title: t\nid: same\nlogsource: {}\ndetection: { s: { x: 1 }, condition: s }';
    const { rules } = parseRules(`${one}\n---\n${one}`);
    expect(compile(rules).rejected).toEqual([{ id: 'same', reason: 'duplicate rule id same' }]);
  });
});
