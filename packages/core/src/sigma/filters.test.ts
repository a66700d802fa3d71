import { describe, expect, it } from 'vitest';
import { compile } from './engine.ts';
import { flattenEvent } from './event.ts';
import { parseRules } from './parse-rules.ts';

const rule = (id: string, logsource: string) =>
  `title: ${id}\nid: ${id}\nname: n-${id}\nlogsource: ${logsource}\ndetection: { s: { Image|endswith: '\\rar.exe' }, condition: s }`;
const RULES = [
  rule('rar', '{ product: windows, category: process_creation }'),
  rule('other', '{ product: windows, category: process_creation }'),
  rule('linux', '{ product: linux, category: process_creation }'),
];
const filter = (rules: string, logsource = '{ category: process_creation, product: windows }', extra = '') =>
  `title: Filter admins\nlogsource: ${logsource}\nfilter:\n  rules: ${rules}\n  selection: { User|startswith: adm_ }\n  ${extra}condition: selection`;

/** Rule ids matching `record` with the filter documents applied. */
function hits(filters: string[], record: Record<string, unknown>): string[] {
  const parsed = parseRules([...RULES, ...filters].join('\n---\n'));
  expect(parsed.errors).toEqual([]);
  const engine = compile(parsed.rules, { filters: parsed.filters });
  expect(engine.rejected).toEqual([]);
  return engine.match(flattenEvent(record)).map((r) => r.id);
}

const ADMIN = { Image: 'C:\\x\\rar.exe', User: 'adm_bob' };
const USER = { Image: 'C:\\x\\rar.exe', User: 'bob' };

describe('Sigma filters', () => {
  it('parses the filter document', () => {
    const { filters } = parseRules(filter('[rar]'), 'mf.yml');
    expect(filters).toEqual([
      {
        id: null,
        title: 'Filter admins',
        file: 'mf.yml',
        logsource: { category: 'process_creation', product: 'windows' },
        rules: ['rar'],
        detection: { selection: { 'User|startswith': 'adm_' } },
        condition: ['selection'],
      },
    ]);
  });

  it('excludes filter matches from the rules named by id or name: rule and not filter', () => {
    expect(hits([], ADMIN)).toEqual(['rar', 'other', 'linux']);
    expect(hits([filter('[rar]')], ADMIN)).toEqual(['other', 'linux']);
    expect(hits([filter('[n-other]')], ADMIN)).toEqual(['rar', 'linux']);
    expect(hits([filter('[rar]')], USER)).toEqual(['rar', 'other', 'linux']);
  });

  it("attaches by log source: 'any' covers every rule the filter's log source covers", () => {
    expect(hits([filter('any')], ADMIN)).toEqual(['linux']);
    expect(hits([filter('any', '{ product: linux }')], ADMIN)).toEqual(['rar', 'other']);
    // a named rule outside the filter's log source is not filtered
    expect(hits([filter('[linux]')], ADMIN)).toEqual(['rar', 'other', 'linux']);
  });

  it('refuses invalid filters at parse time and invalid detection logic at compile time', () => {
    expect(parseRules('title: f\nlogsource: {}\nfilter: { selection: { a: 1 }, condition: selection }').errors).toEqual(
      [{ reason: expect.stringMatching(/filter.rules must list/) }],
    );
    expect(parseRules('title: f\nfilter: { rules: [a], selection: { a: 1 }, condition: selection }').errors).toEqual([
      { reason: 'logsource: a filter needs a log source map' },
    ]);
    expect(parseRules('title: f\nlogsource: {}\nfilter: { rules: [a], condition: selection }').errors).toEqual([
      { reason: 'filter has no search identifier (e.g. selection)' },
    ]);
    const bad = parseRules(filter('[rar]').replace('User|startswith', 'User|sortof'));
    expect(compile([], { filters: bad.filters }).rejected).toEqual([
      { id: 'Filter admins', reason: expect.stringMatching(/^filter: .*sortof/) },
    ]);
  });
});
