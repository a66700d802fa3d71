import { describe, expect, it } from 'vitest';
import { compileCorrelations } from './correlation-compile.ts';
import { parseTimespan } from './correlation-parse.ts';
import { compile } from './engine.ts';
import { eventTime } from './event-time.ts';
import { flattenEvent } from './event.ts';
import { parseRules } from './parse-rules.ts';

const base =
  'title: base\nid: base-id\nname: base\nlogsource: { product: test }\ndetection: { s: { x: 1 }, condition: s }';
const doc = (section: string, extra = '') => `title: c\nid: c1\n${extra}correlation:\n${section}`;

/** The single parse refusal of a correlation document. */
function parseRefusal(section: string, extra = ''): string | undefined {
  const { correlations, errors } = parseRules(doc(section, extra));
  expect(correlations).toEqual([]);
  return errors[0]?.reason;
}

describe('correlation parsing', () => {
  it('reads every attribute', () => {
    const { correlations, errors } = parseRules(
      doc(
        '  type: value_count\n  rules: base\n  group-by: host\n  timespan: 90m\n  condition: { field: user, gt: 10, lte: 20 }\n' +
          '  aliases: { h: { base: hostname } }',
        'name: spray\nlevel: high\ngenerate: true\nauthor: A. Analyst\nreferences: [https://example.org/spray]\n' +
          'falsepositives: a password vault rotating accounts\n',
      ),
      'mr.yml',
    );
    expect(errors).toEqual([]);
    expect(correlations).toEqual([
      expect.objectContaining({
        id: 'c1',
        name: 'spray',
        key: 'c1',
        level: 'high',
        author: 'A. Analyst',
        references: ['https://example.org/spray'],
        falsepositives: ['a password vault rotating accounts'],
        file: 'mr.yml',
        type: 'value_count',
        rules: ['base'],
        groupBy: ['host'],
        timespan: '90m',
        timespanMs: 5_400_000,
        condition: [
          { op: 'gt', value: 10 },
          { op: 'lte', value: 20 },
        ],
        fields: ['user'],
        aliases: { h: { base: 'hostname' } },
        generate: true,
      }),
    ]);
  });

  it('defaults: no group-by is one group, generate is false, temporal needs no condition, key falls back', () => {
    const { correlations } = parseRules('title: Recon\ncorrelation: { type: temporal, rules: [a, b], timespan: 5m }');
    expect(correlations[0]).toMatchObject({ key: 'Recon', groupBy: [], condition: [], generate: false });
  });

  it('reads timespans in s/m/h/d and pySigma w/M/y', () => {
    expect([parseTimespan('30s'), parseTimespan('5m'), parseTimespan('2h'), parseTimespan('1d')]).toEqual([
      30_000, 300_000, 7_200_000, 86_400_000,
    ]);
    expect([parseTimespan('1w'), parseTimespan('1M'), parseTimespan('1y')]).toEqual([
      604_800_000, 2_629_746_000, 31_556_952_000,
    ]);
  });

  it.each([
    ['  type: sequence\n  rules: [a]\n  timespan: 5m', /type 'sequence' is not one of/],
    ['  type: event_count\n  rules: [a]\n  timespan: 5m', /event_count correlation needs a condition/],
    ['  type: event_count\n  timespan: 5m\n  condition: { gte: 1 }', /correlation.rules must be/],
    ['  type: event_count\n  rules: []\n  timespan: 5m\n  condition: { gte: 1 }', /correlation.rules is empty/],
    ['  type: event_count\n  rules: [a]\n  condition: { gte: 1 }', /timespan is missing/],
    ['  type: event_count\n  rules: [a]\n  timespan: 5 minutes\n  condition: { gte: 1 }', /timespan '5 minutes'/],
    ['  type: event_count\n  rules: [a]\n  timespan: 0m\n  condition: { gte: 1 }', /timespan '0m'/],
    ['  type: event_count\n  rules: [a]\n  timespan: 5H\n  condition: { gte: 1 }', /timespan '5H'/],
    ['  type: event_count\n  rules: [a]\n  timespan: 5m\n  condition: { more: 1 }', /unknown operator 'more'/],
    ['  type: event_count\n  rules: [a]\n  timespan: 5m\n  condition: { gte: "3" }', /condition.gte must be a number/],
    ['  type: event_count\n  rules: [a]\n  timespan: 5m\n  condition: {}', /condition has no operator/],
    ['  type: event_count\n  rules: [a]\n  timespan: 5m\n  condition: { field: u, gte: 1 }', /only meaningful/],
    ['  type: value_count\n  rules: [a]\n  timespan: 5m\n  condition: { gte: 1 }', /needs condition.field/],
    [
      '  type: value_sum\n  rules: [a]\n  timespan: 5m\n  condition: { field: [x, y], gt: 1 }',
      /single condition.field/,
    ],
    [
      '  type: event_count\n  rules: [a]\n  group-by: { a: 1 }\n  timespan: 5m\n  condition: { gte: 1 }',
      /group-by must/,
    ],
    [
      '  type: event_count\n  rules: [a]\n  group_by: [u]\n  timespan: 5m\n  condition: { gte: 1 }',
      /unknown attribute 'group_by'/,
    ],
    ['  type: temporal\n  rules: [a, b]\n  timespan: 5m\n  aliases: { ip: [x] }', /aliases.ip must map/],
    ['  type: temporal\n  rules: [a, b]\n  timespan: 5m\n  generate: yes', /generate must be true or false/],
    ['  type: temporal\n  rules: [a, a]\n  timespan: 5m', /lists a value twice/],
  ])('refuses %j', (section, reason) => {
    expect(parseRefusal(section)).toMatch(reason);
  });

  it('refuses a correlation without a title', () => {
    expect(parseRules('correlation: { type: temporal, rules: [a], timespan: 5m }').errors[0]?.reason).toMatch(/title/);
  });
});

describe('correlation references (compile time)', () => {
  function refusals(...documents: string[]) {
    const parsed = parseRules([base, ...documents].join('\n---\n'), 'set.yml');
    expect(parsed.errors).toEqual([]);
    return compileCorrelations(parsed.correlations, compile(parsed.rules).rules).rejected;
  }
  const count = (id: string, rules: string, extra = '') =>
    `title: ${id}\nid: ${id}\n${extra}correlation: { type: event_count, rules: [${rules}], timespan: 5m, condition: { gte: 2 } }`;

  it('resolves rules by id or name, and correlations by id or name', () => {
    expect(
      refusals(
        count('c1', 'base-id'),
        count('c2', 'base'),
        count('c3', 'c1, named'),
        count('c4', 'base', 'name: named\n'),
      ),
    ).toEqual([]);
  });

  it('refuses unknown references, refusals up a chain, loops, duplicates and value_percentile', () => {
    expect(
      refusals(
        count('c1', 'nope'),
        count('c2', 'c1'),
        count('loop-a', 'loop-b'),
        count('loop-b', 'loop-a'),
        count('self', 'self'),
        count('c3', 'base'),
        count('c3', 'base'),
        'title: p\nid: p\ncorrelation: { type: value_percentile, rules: [base], timespan: 1d, condition: { field: x, lte: 1 } }',
        'title: al\nid: al\ncorrelation: { type: temporal, rules: [base], timespan: 1m, aliases: { ip: { other: x } } }',
      ),
    ).toEqual([
      { file: 'set.yml', id: 'c1', reason: "correlation.rules references unknown rule 'nope'" },
      { file: 'set.yml', id: 'c2', reason: "references refused correlation 'c1'" },
      { file: 'set.yml', id: 'loop-a', reason: 'its chain of correlations loops' },
      { file: 'set.yml', id: 'loop-b', reason: 'its chain of correlations loops' },
      { file: 'set.yml', id: 'self', reason: 'references itself' },
      { file: 'set.yml', id: 'c3', reason: 'duplicate correlation key c3' },
      { file: 'set.yml', id: 'p', reason: expect.stringMatching(/value_percentile is not supported/) },
      { file: 'set.yml', id: 'al', reason: "aliases.ip: 'other' is not one of the correlation's rules" },
    ]);
  });

  it('refuses a reference to a base rule the engine refused', () => {
    const broken = 'title: b\nid: broken\nlogsource: {}\ndetection: { s: { x|sortof: 1 }, condition: s }';
    expect(refusals(broken, count('c1', 'broken'))).toEqual([
      { file: 'set.yml', id: 'c1', reason: "correlation.rules references unknown rule 'broken'" },
    ]);
  });
});

describe('eventTime', () => {
  const time = (record: Record<string, unknown>) => eventTime(flattenEvent(record));
  const ms = Date.parse('2024-05-01T10:00:00.123Z');

  it('reads @timestamp first, then the sources’ time fields', () => {
    expect(time({ '@timestamp': '2024-05-01T10:00:00.123Z', timestamp: 0 })).toBe(ms);
    expect(time({ timestamp: '2024-05-01T12:00:00.123+02:00' })).toBe(ms);
    expect(time({ UtcTime: '2024-05-01 10:00:00.123' })).toBe(ms);
    expect(time({ ts: ms / 1000 })).toBe(ms);
    expect(time({ timestamp: String(ms) })).toBe(ms);
  });

  it('reads the Windows XML TimeCreated SystemTime', () => {
    const windows = {
      Event: {
        System: { EventID: 4625, TimeCreated: { '#attributes': { SystemTime: '2024-05-01T10:00:00.1230000Z' } } },
        EventData: { TargetUserName: 'bob' },
      },
    };
    expect(time(windows)).toBe(ms);
  });

  it('is null without a readable time', () => {
    expect(time({ message: 'x' })).toBeNull();
    expect(time({ '@timestamp': 'yesterday' })).toBeNull();
  });
});
