import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  buildIndicatorIndex,
  buildWarninglistSuppressor,
  compileStixPattern,
  indicatorsFromStixBundle,
  isPrepared,
  matchEvent,
  mispEventToIndicators,
  observablesOf,
  parseStixPattern,
  prepareIndicator,
  suppressKnownBenign,
  type IntelIndicator,
  type WarninglistSuppressor,
} from '@citysoc/core';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The threat-intel core against third-party data in ../shared/data: every STIX pattern of the OASIS examples
 * (stix2.1/, BSD-3), MITRE ATT&CK bundles (no indicators in them), the PyMISP test events (BSD-2) and the MISP
 * warninglists (CC0). Counts are asserted so that a change in what is matchable shows up here.
 */
const SHARED = path.resolve(import.meta.dirname, '../../../../../../shared/data');
const NOW = Date.parse('2026-11-22T12:00:00Z');

const filesUnder = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const file = path.join(dir, name);
      return statSync(file).isDirectory() ? filesUnder(file) : [file];
    });
const json = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe('STIX 2.1 patterns of the OASIS examples', () => {
  // schemas/ holds JSON schemas (their "pattern" keys are regular expressions), not bundles.
  const bundles = filesUnder(path.join(SHARED, 'stix2.1')).filter(
    (f) => f.endsWith('.json') && !f.includes('/schemas/'),
  );

  it('parses every pattern, and compiles 41 of the 43 for single-event matching', () => {
    const reasons = new Map<string, number>();
    let patterns = 0;
    let matchable = 0;
    let warnings = 0;
    for (const file of bundles) {
      const { indicators, skipped } = indicatorsFromStixBundle(json(file), { source: path.basename(file) });
      expect(skipped).toEqual([]);
      for (const indicator of indicators) {
        patterns++;
        const ast = parseStixPattern(indicator.pattern, { specVersion: indicator.patternVersion });
        const compiled = compileStixPattern(ast);
        if (compiled.matchable) {
          matchable++;
          warnings += compiled.warnings.length;
        } else reasons.set(compiled.reason, (reasons.get(compiled.reason) ?? 0) + 1);
      }
    }
    console.log(
      `STIX examples: ${bundles.length} files, ${patterns} patterns, ${matchable} matchable (${warnings} dropped alternatives), ${patterns - matchable} not:`,
      Object.fromEntries(reasons),
    );
    expect(patterns).toBe(43);
    expect(matchable).toBe(41);
    expect(warnings).toBe(1); // poisonivy: 'domain autuo.xicp.net' is not a domain name; its IP still matches
    expect([...reasons.keys()]).toEqual([
      'email-message:subject is not observable in ECS events (no mapped field)',
      'email-message:body_multipart[*].body_raw_ref.name is not observable in ECS events (no mapped field)',
    ]);
  });

  it('matches events carrying the Poison Ivy and APT1 indicator values', () => {
    const load = (name: string) =>
      indicatorsFromStixBundle(json(path.join(SHARED, 'stix2.1/examples/threat-reports', name)), { source: name })
        .indicators;
    const prepared = [...load('poisonivy.json'), ...load('apt1.json')].map(prepareIndicator).filter(isPrepared);
    const index = buildIndicatorIndex(prepared);
    const hit = (event: Record<string, unknown>) =>
      matchEvent(index, observablesOf(event), NOW).map((h) => h.indicator.record.name ?? h.indicator.id);
    expect(hit({ dns: { question: { name: 'beacon.js001.3322.org' } } })).toHaveLength(1);
    expect(hit({ destination: { ip: '60.10.1.115', port: 80 } })).toHaveLength(1);
    expect(hit({ source: { ip: '223.167.1.1' } })).toHaveLength(1); // APT1 network 223.166.0.0/15
    expect(hit({ file: { hash: { md5: '001dd76872d80801692ff942308c64e6' } } })).toHaveLength(1);
    expect(hit({ destination: { ip: '8.8.8.8' }, dns: { question: { name: 'example.org' } } })).toEqual([]);
  });
});

describe('MITRE ATT&CK bundles', () => {
  it('hold no indicators: every object is skipped as another type', () => {
    const ics = indicatorsFromStixBundle(json(path.join(SHARED, 'mitre-attack/ics-attack-18.1.json')), {
      source: 'attack-ics',
    });
    expect(ics).toMatchObject({ indicators: [], skipped: [], otherObjects: 1826 });
    const lines = readFileSync(path.join(SHARED, 'mitre-attack/enterprise-attack-18.1-stix20-objects.ndjson'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as unknown);
    const enterprise = indicatorsFromStixBundle(lines, { source: 'attack-enterprise' });
    expect(enterprise).toMatchObject({ indicators: [], skipped: [], otherObjects: 24_771 });
  });
});

/** PyMISP test events with attributes: [attributes, indicators, not for detection, skipped]. */
const MISP_COUNTS: Record<string, [number, number, number, number]> = {
  '57c4445b-c548-4654-af0b-4be3950d210f.json': [9, 4, 4, 1],
  'misp_event.json': [2, 0, 2, 0],
  'mispevent_testfiles/attribute.json': [1, 1, 0, 0],
  'mispevent_testfiles/attribute_del.json': [1, 0, 1, 0],
  'mispevent_testfiles/def_param.json': [4, 2, 2, 0],
  'mispevent_testfiles/event_obj_attr_tag.json': [2, 2, 0, 0],
  'mispevent_testfiles/event_obj_def_param.json': [3, 2, 0, 1],
  'mispevent_testfiles/event_obj_tag.json': [1, 1, 0, 0],
  'mispevent_testfiles/existing_event.json': [122, 83, 39, 0],
  'mispevent_testfiles/existing_event_edited.json': [122, 83, 39, 0],
  'mispevent_testfiles/malware.json': [1, 0, 0, 1],
  'mispevent_testfiles/malware_exist.json': [6, 4, 2, 0],
  'mispevent_testfiles/misp_custom_obj.json': [2, 0, 2, 0],
  'mispevent_testfiles/proposals.json': [1, 1, 0, 0],
  'mispevent_testfiles/shadow.json': [3, 1, 2, 0],
  'reportlab_testfiles/galaxy_1.json': [10, 4, 6, 0],
  'reportlab_testfiles/japanese_test.json': [1, 0, 1, 0],
  'reportlab_testfiles/long_event.json': [370, 254, 112, 4],
  'reportlab_testfiles/mainly_objects_1.json': [74, 21, 53, 0],
  'reportlab_testfiles/sighting_1.json': [5, 5, 0, 0],
};

describe('MISP', () => {
  const eventsDir = path.join(SHARED, 'misp/pymisp-test-events/tests');
  let suppressor: WarninglistSuppressor;

  beforeAll(() => {
    const lists = filesUnder(path.join(SHARED, 'misp/warninglists/lists'))
      .filter((f) => f.endsWith('list.json'))
      .map(json);
    suppressor = buildWarninglistSuppressor(lists);
  });

  it('converts the PyMISP test events with the expected counts, every indicator compiling', () => {
    const files = filesUnder(eventsDir).filter((f) => f.endsWith('.json'));
    const counts: Record<string, [number, number, number, number]> = {};
    const all: IntelIndicator[] = [];
    for (const file of files) {
      const result = mispEventToIndicators(json(file), { source: 'pymisp' });
      if (result.attributes === 0) continue;
      counts[path.relative(eventsDir, file)] = [
        result.attributes,
        result.indicators.length,
        result.notForDetection,
        result.skipped.length,
      ];
      all.push(...result.indicators);
    }
    console.log(`MISP test events: ${Object.keys(counts).length} files with attributes, ${all.length} indicators`);
    expect(counts).toEqual(MISP_COUNTS);
    const unmatchable = all.map(prepareIndicator).filter((p) => !isPrepared(p));
    expect(unmatchable).toEqual([]);
    const long = mispEventToIndicators(json(path.join(eventsDir, 'reportlab_testfiles/long_event.json')), {
      source: 'pymisp',
    });
    expect(new Set(long.skipped.map((s) => s.type))).toEqual(
      new Set(['imphash', 'email-attachment', 'pehash', 'ssdeep']),
    );
    expect(long.indicators.every((i) => i.tlp === 'clear')).toBe(true);
  });

  it('loads the 128 warninglists (regex lists that JavaScript cannot run are reported)', () => {
    console.log(`warninglists: ${suppressor.loaded.length} loaded, unusable:`, suppressor.unusable.slice(0, 5));
    expect(suppressor.loaded).toHaveLength(128);
  });

  it('suppresses known-benign values and records the list', () => {
    const record = (pattern: string): IntelIndicator => ({
      id: pattern,
      source: 'test',
      name: null,
      pattern,
      patternVersion: '2.1',
      validFrom: null,
      validUntil: null,
      lastSeen: null,
      confidence: 50,
      halfLifeDays: null,
      tlp: null,
      tags: [],
      suppressedBy: null,
    });
    const { kept, suppressed } = suppressKnownBenign(
      [
        "[domain-name:value = 'google.com']",
        "[domain-name:value = 'mail.google.com']",
        "[ipv4-addr:value = '10.1.2.3']",
        "[ipv6-addr:value = 'fe80::1']",
        "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']",
        "[ipv4-addr:value = '8.8.8.8']",
        "[domain-name:value = 'evil-c2.example']",
      ].map(record),
      suppressor,
    );
    const by = Object.fromEntries(suppressed.map((s) => [s.pattern, s.suppressedBy]));
    console.log('suppressed by:', by);
    expect(Object.keys(by)).toHaveLength(5);
    expect(by["[ipv4-addr:value = '10.1.2.3']"]).toMatch(/RFC 1918/);
    expect(by["[ipv6-addr:value = 'fe80::1']"]).toMatch(/link local/i);
    // public-dns-v4 is not among the lists in shared/data (see its README), so 8.8.8.8 is kept here.
    expect(kept.map((k) => k.pattern)).toEqual([
      "[ipv4-addr:value = '8.8.8.8']",
      "[domain-name:value = 'evil-c2.example']",
    ]);
  });

  it('runs a real event end to end: convert, suppress, index, match', () => {
    const { indicators } = mispEventToIndicators(json(path.join(eventsDir, 'reportlab_testfiles/long_event.json')), {
      source: 'pymisp',
    });
    const { kept, suppressed } = suppressKnownBenign(indicators, suppressor);
    console.log(
      `long_event: ${indicators.length} indicators, ${suppressed.length} suppressed`,
      suppressed.map((s) => [s.pattern, s.suppressedBy]),
    );
    const index = buildIndicatorIndex(kept.map(prepareIndicator).filter(isPrepared), {
      suppress: suppressor.benignClause,
    });
    const domain = kept.find((k) => k.pattern.startsWith('[domain-name:value'))!;
    const name = /'(.*)'/.exec(domain.pattern)![1]!;
    const event = observablesOf({ dns: { question: { name: `x.${name}` } } });
    // The event is from 2016: a day after the feed last vouched for the domain it matches at full confidence…
    const seen = Date.parse(domain.lastSeen!);
    const hits = matchEvent(index, event, seen + 86_400_000);
    expect(hits.map((h) => h.indicator.id)).toEqual([domain.id]);
    expect(hits[0]!.score).toBeCloseTo(50 * 2 ** (-1 / 90));
    // …and ten years on, with a 90-day half-life, it has aged out.
    expect(matchEvent(index, event, NOW)).toEqual([]);
  });
});
