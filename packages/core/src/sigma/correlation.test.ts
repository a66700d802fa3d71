import { describe, expect, it } from 'vitest';
import { compileCorrelations } from './correlation-compile.ts';
import { createCorrelator, type CorrelatorOptions } from './correlator.ts';
import { compile } from './engine.ts';
import { eventTime } from './event-time.ts';
import { flattenEvent } from './event.ts';
import { parseRules } from './parse-rules.ts';

const T0 = Date.parse('2024-05-01T00:30:00Z');
/** ISO time `minutes` after T0 (fractions allowed). */
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/** A base rule with `name` = `id` matching events whose `kind` is `kind`. */
const rule = (id: string, kind = id) =>
  `title: ${id}\nid: ${id}\nname: ${id}\nlogsource: { product: test }\ndetection: { s: { kind: ${kind} }, condition: s }`;

const correlation = (id: string, body: string) =>
  `title: ${id}\nid: ${id}\ncorrelation:\n${body
    .trim()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}`;

/** Parses, compiles and streams `events` (event i gets index i); returns the correlation hits as the CLI prints them. */
function run(documents: string[], events: Record<string, unknown>[], options: CorrelatorOptions = {}) {
  const parsed = parseRules(documents.join('\n---\n'));
  expect(parsed.errors).toEqual([]);
  const engine = compile(parsed.rules, { filters: parsed.filters });
  expect(engine.rejected).toEqual([]);
  const set = compileCorrelations(parsed.correlations, engine.rules);
  expect(set.rejected).toEqual([]);
  const correlator = createCorrelator(set, options);
  const hits = events.flatMap((record, eventIndex) => {
    const event = flattenEvent(record);
    const time = eventTime(event)!;
    const ruleHits = engine.match(event).map((r) => ({ ruleId: r.id, event, time, eventIndex }));
    return correlator.observe(ruleHits).map((h) => ({ rule: h.correlation.key, group: h.group, events: h.events }));
  });
  return { hits, set, stats: correlator.stats() };
}

const countBy = (condition: string, timespan = '5m') =>
  correlation(
    'many',
    `type: event_count\nrules: [failed]\ngroup-by: [user]\ntimespan: ${timespan}\ncondition: { ${condition} }`,
  );

describe('event_count', () => {
  it('fires once the threshold is reached in a group, then starts the group afresh', () => {
    const events = [
      { kind: 'failed', user: 'alice', '@timestamp': at(0) },
      { kind: 'failed', user: 'bob', '@timestamp': at(1) },
      { kind: 'failed', user: 'alice', '@timestamp': at(2) },
      { kind: 'other', user: 'alice', '@timestamp': at(3) },
      { kind: 'failed', user: 'alice', '@timestamp': at(4) },
      { kind: 'failed', user: 'alice', '@timestamp': at(4.5) },
      { kind: 'failed', user: 'bob', '@timestamp': at(5) },
    ];
    const { hits } = run([rule('failed'), countBy('gte: 3')], events);
    expect(hits).toEqual([{ rule: 'many', group: { user: 'alice' }, events: [0, 2, 4] }]);
  });

  it('slides: matches 59 minutes apart fire under 1h, 61 minutes apart do not, across hour boundaries', () => {
    const docs = [rule('failed'), countBy('gte: 2', '1h')];
    const pair = (gap: number) => [
      { kind: 'failed', user: 'a', '@timestamp': at(0) },
      { kind: 'failed', user: 'a', '@timestamp': at(gap) },
    ];
    expect(run(docs, pair(59)).hits).toEqual([{ rule: 'many', group: { user: 'a' }, events: [0, 1] }]);
    expect(run(docs, pair(60)).hits).toHaveLength(1);
    expect(run(docs, pair(61)).hits).toEqual([]);
  });

  it('forgets matches that slid out of the window', () => {
    const events = [0, 3, 9, 10].map((m) => ({ kind: 'failed', user: 'a', '@timestamp': at(m) }));
    // 0 and 3 are 7 minutes before 10: the window at 10 holds 9 and 10 only
    expect(run([rule('failed'), countBy('gte: 3')], events).hits).toEqual([]);
  });

  it('accepts a range (ANDed operators) and counts an event matching two referenced rules once', () => {
    const docs = [
      rule('failed'),
      `title: f2\nid: f2\nlogsource: { product: test }\ndetection: { s: { user: x }, condition: s }`,
      correlation('range', 'type: event_count\nrules: [failed, f2]\ntimespan: 5m\ncondition: { gt: 1, lte: 3 }'),
    ];
    const events = [
      { kind: 'failed', user: 'x', '@timestamp': at(0) },
      { kind: 'failed', user: 'y', '@timestamp': at(1) },
    ];
    expect(run(docs, events).hits).toEqual([{ rule: 'range', group: {}, events: [0, 1] }]);
  });

  it('puts events missing a group-by field in the null group, and no group-by means one group', () => {
    const events = [
      { kind: 'failed', '@timestamp': at(0) },
      { kind: 'failed', user: null, '@timestamp': at(1) },
      { kind: 'failed', '@timestamp': at(2) },
    ];
    expect(run([rule('failed'), countBy('gte: 3')], events).hits).toEqual([
      { rule: 'many', group: { user: null }, events: [0, 1, 2] },
    ]);
    const global = correlation('all', 'type: event_count\nrules: failed\ntimespan: 5m\ncondition: { eq: 2 }');
    expect(run([rule('failed'), global], events.slice(0, 2)).hits).toEqual([
      { rule: 'all', group: {}, events: [0, 1] },
    ]);
  });
});

describe('value_count, value_sum, value_avg', () => {
  it('value_count counts distinct values per group; a missing field is not a value', () => {
    const docs = [
      rule('login'),
      correlation(
        'spray',
        'type: value_count\nrules: [login]\ngroup-by: host\ntimespan: 1h\ncondition: { field: user, gte: 3 }',
      ),
    ];
    const events = [
      { kind: 'login', host: 'h', user: 'a', '@timestamp': at(0) },
      { kind: 'login', host: 'h', user: 'a', '@timestamp': at(1) },
      { kind: 'login', host: 'h', '@timestamp': at(2) },
      { kind: 'login', host: 'h', user: 'b', '@timestamp': at(3) },
      { kind: 'login', host: 'other', user: 'c', '@timestamp': at(4) },
      { kind: 'login', host: 'h', user: 'c', '@timestamp': at(5) },
    ];
    expect(run(docs, events).hits).toEqual([{ rule: 'spray', group: { host: 'h' }, events: [0, 1, 2, 3, 5] }]);
  });

  it('value_count with several fields counts distinct tuples', () => {
    const docs = [
      rule('login'),
      correlation('pairs', 'type: value_count\nrules: [login]\ntimespan: 1h\ncondition: { field: [u, d], gte: 2 }'),
    ];
    const events = [
      { kind: 'login', u: 'a', d: 'x', '@timestamp': at(0) },
      { kind: 'login', u: 'a', d: 'x', '@timestamp': at(1) },
      { kind: 'login', u: 'a', d: 'y', '@timestamp': at(2) },
    ];
    expect(run(docs, events).hits).toEqual([{ rule: 'pairs', group: {}, events: [0, 1, 2] }]);
  });

  it('value_sum adds numeric values (numeric strings too) and value_avg averages them', () => {
    const sum = correlation(
      'exfil',
      'type: value_sum\nrules: [web]\ngroup-by: [src]\ntimespan: 1h\ncondition: { field: bytes, gt: 1000 }',
    );
    const avg = correlation(
      'avg',
      'type: value_avg\nrules: [web]\ngroup-by: [src]\ntimespan: 1h\ncondition: { field: bytes, gt: 500 }',
    );
    const events = [400, '400', 'n/a', 300, 900].map((bytes, i) => ({
      kind: 'web',
      src: 's',
      bytes,
      '@timestamp': at(i),
    }));
    expect(run([rule('web'), sum], events).hits).toEqual([
      { rule: 'exfil', group: { src: 's' }, events: [0, 1, 2, 3] },
    ]);
    // averages: 400, 400, 400 (n/a ignored), 366.7, 500 → never above 500
    expect(run([rule('web'), avg], events).hits).toEqual([]);
    expect(run([rule('web'), avg], [...events, { ...events[0]!, bytes: 1200 }]).hits).toEqual([
      { rule: 'avg', group: { src: 's' }, events: [0, 1, 2, 3, 4, 5] },
    ]);
  });
});

describe('temporal and temporal_ordered', () => {
  const recon = (type: string, condition = '') =>
    correlation('recon', `type: ${type}\nrules: [a, b, c]\ngroup-by: [host]\ntimespan: 5m${condition}`);
  const ev = (kind: string, minute: number, host = 'h') => ({ kind, host, '@timestamp': at(minute) });

  it('temporal fires when every referenced rule matched for the group within the timespan, in any order', () => {
    const docs = [rule('a'), rule('b'), rule('c'), recon('temporal')];
    expect(run(docs, [ev('c', 0), ev('a', 1), ev('a', 2, 'x'), ev('b', 3)]).hits).toEqual([
      { rule: 'recon', group: { host: 'h' }, events: [0, 1, 3] },
    ]);
    expect(run(docs, [ev('c', 0), ev('a', 1), ev('b', 6)]).hits).toEqual([]);
  });

  it('temporal with a condition fires on fewer rules', () => {
    const docs = [rule('a'), rule('b'), rule('c'), recon('temporal', '\ncondition: { gte: 2 }')];
    expect(run(docs, [ev('c', 0), ev('c', 1), ev('b', 2)]).hits).toEqual([
      { rule: 'recon', group: { host: 'h' }, events: [0, 1, 2] },
    ]);
  });

  it('temporal_ordered needs the rules in the order listed', () => {
    const docs = [rule('a'), rule('b'), rule('c'), recon('temporal_ordered')];
    expect(run(docs, [ev('c', 0), ev('b', 1), ev('a', 2)]).hits).toEqual([]);
    expect(run(docs, [ev('b', 0), ev('a', 1), ev('c', 2), ev('b', 3), ev('c', 4)]).hits).toEqual([
      // the `b` before the first `a` is not part of the sequence
      { rule: 'recon', group: { host: 'h' }, events: [1, 2, 3, 4] },
    ]);
  });

  it('aliases join differently named fields of different rules (spec example)', () => {
    const docs = [
      rule('internal_error'),
      rule('new_network_connection'),
      correlation(
        'lateral',
        `type: temporal
rules: [internal_error, new_network_connection]
group-by: [internal_ip, remote_ip]
timespan: 10s
aliases:
  internal_ip: { internal_error: destination.ip, new_network_connection: source.ip }
  remote_ip: { internal_error: source.ip, new_network_connection: destination.ip }`,
      ),
    ];
    const events = [
      { kind: 'internal_error', destination: { ip: '10.0.0.1' }, source: { ip: '8.8.8.8' }, '@timestamp': at(0) },
      { kind: 'new_network_connection', source: { ip: '8.8.8.8' }, destination: { ip: '10.0.0.1' }, ts: 0 },
      {
        kind: 'new_network_connection',
        source: { ip: '10.0.0.1' },
        destination: { ip: '8.8.8.8' },
        '@timestamp': at(0.1),
      },
    ];
    events[1]!['@timestamp'] = at(0.05);
    expect(run(docs, events).hits).toEqual([
      { rule: 'lateral', group: { internal_ip: '10.0.0.1', remote_ip: '8.8.8.8' }, events: [0, 2] },
    ]);
  });
});

describe('chains and generate', () => {
  // The spec's "failed logins followed by a successful login", with a threshold of 3.
  const chain = (generate: string) => [
    `title: Failed then success\nid: outer\n${generate}correlation:\n  type: temporal_ordered\n  rules: [multiple_failed_login, successful_login]\n  group-by: [User]\n  timespan: 10m`,
    `title: Multiple failed\nid: inner\nname: multiple_failed_login\ncorrelation:\n  type: event_count\n  rules: [failed_login]\n  group-by: [User, ComputerName]\n  timespan: 10m\n  condition: { gte: 3 }`,
    rule('failed_login', '4625').replace('kind', 'EventID'),
    rule('successful_login', '4624').replace('kind', 'EventID'),
  ];
  const login = (id: number, user: string, minute: number) => ({
    EventID: id,
    User: user,
    ComputerName: 'dc1',
    '@timestamp': at(minute),
  });

  it('feeds an inner correlation hit into the outer one; only the outer one is reported', () => {
    const events = [
      login(4624, 'bob', 0),
      login(4625, 'bob', 1),
      login(4625, 'bob', 2),
      login(4625, 'eve', 2),
      login(4625, 'bob', 3),
      login(4624, 'eve', 4),
      login(4624, 'bob', 5),
    ];
    const { hits, set } = run(chain(''), events);
    expect(hits).toEqual([{ rule: 'outer', group: { User: 'bob' }, events: [1, 2, 4, 6] }]);
    expect([...set.silentRules].sort()).toEqual(['failed_login', 'successful_login']);
  });

  it('generate: true keeps the referenced rules and correlations reporting', () => {
    const events = [login(4625, 'bob', 1), login(4625, 'bob', 2), login(4625, 'bob', 3), login(4624, 'bob', 5)];
    const docs = chain('generate: true\n');
    docs[1] = docs[1]!.replace('correlation:', 'generate: true\ncorrelation:');
    const { hits, set } = run(docs, events);
    expect(hits.map((h) => h.rule)).toEqual(['inner', 'outer']);
    expect(set.silentRules.size).toBe(0);
  });
});

describe('bounded state', () => {
  it('evicts the least recently touched group past maxGroups and counts it', () => {
    const events = ['a', 'b', 'c', 'a'].map((user, i) => ({ kind: 'failed', user, '@timestamp': at(i / 10) }));
    const { hits, stats } = run([rule('failed'), countBy('gte: 2')], events, { maxGroups: 2 });
    expect(hits).toEqual([]);
    expect(stats).toMatchObject({ evictedGroups: 2, groups: 2 });
  });

  it('caps entries per group and expires idle groups', () => {
    const events = [0, 1, 2, 3].map((m) => ({ kind: 'failed', user: 'a', '@timestamp': at(m / 10) }));
    const capped = run([rule('failed'), countBy('gte: 3')], events, { maxEntriesPerGroup: 2 });
    expect(capped.hits).toEqual([]);
    expect(capped.stats.droppedEntries).toBe(2);
    const idle = run(
      [rule('failed'), countBy('gte: 3')],
      [
        { kind: 'failed', user: 'a', '@timestamp': at(0) },
        { kind: 'failed', user: 'b', '@timestamp': at(30) },
      ],
    );
    expect(idle.stats.groups).toBe(1);
  });

  it('ignores a match older than its group window', () => {
    const events = [10, 0, 11].map((m) => ({ kind: 'failed', user: 'a', '@timestamp': at(m) }));
    const { hits, stats } = run([rule('failed'), countBy('gte: 3')], events);
    expect(hits).toEqual([]);
    expect(stats.lateEntries).toBe(1);
  });
});

describe('rebuilding state by replay', () => {
  it('resetGroup drops one group as a hit would, so the next hit needs a fresh set of matches', () => {
    const parsed = parseRules([rule('failed'), countBy('gte: 2')].join('\n---\n'));
    const engine = compile(parsed.rules);
    const correlator = createCorrelator(compileCorrelations(parsed.correlations, engine.rules));
    const feed = (user: string, minute: number, eventIndex: number) => {
      const event = flattenEvent({ kind: 'failed', user, '@timestamp': at(minute) });
      return correlator.observe(
        engine.match(event).map((r) => ({ ruleId: r.id, event, time: eventTime(event)!, eventIndex })),
      );
    };
    feed('a', 0, 0);
    feed('b', 0, 1);
    expect(correlator.resetGroup('many', { user: 'a' })).toBe(true);
    expect(correlator.resetGroup('many', { user: 'a' })).toBe(false);
    expect(correlator.resetGroup('unknown', { user: 'b' })).toBe(false);
    expect(feed('a', 1, 2)).toEqual([]);
    expect(feed('b', 1, 3).map((h) => h.events)).toEqual([[1, 3]]);
  });
});
