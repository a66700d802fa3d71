import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError, type LogSourceSet, parseEventQuery } from '@citysoc/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLogSources } from './log-sources.loader.ts';
import { SyslogFramer } from './syslog-framing.ts';

const SHARED = path.resolve(import.meta.dirname, '../../../../../../shared/data');
const REAL_LINES = [
  ...readFileSync(path.join(SHARED, 'suricata-eve/surevego-eve.ndjson'), 'utf8').split('\n').slice(0, 40),
  ...readFileSync(path.join(SHARED, 'loghub/OpenSSH/OpenSSH_2k.log'), 'utf8').split('\n').slice(0, 40),
  ...readFileSync(path.join(SHARED, 'loghub/Linux/Linux_2k.log'), 'utf8').split('\n').slice(0, 40),
  '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"] An application event',
  'CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232',
  'IN=eth0 OUT= MAC=00:11 SRC=10.0.0.5 DST=10.0.0.1 LEN=60 PROTO=TCP SPT=51000 DPT=22',
  // Firewall vendors (Wazuh log tests) and Zeek TSV rows: the parse steps (regex, kv, csv) see damaged input too.
  ...['cisco_asa.ini', 'paloalto.ini', 'checkpoint_smart1.ini', 'SonicWall.ini', 'junos.ini'].flatMap((file) =>
    readFileSync(path.join(SHARED, 'wazuh-ruleset-logtests', file), 'utf8')
      .split('\n')
      .filter((line) => /^(log \d+ pass = |Apr 30 )/.test(line))
      .slice(0, 30)
      .map((line) => line.replace(/^log \d+ pass = /, '')),
  ),
  ...readFileSync(path.join(SHARED, 'stratosphere-labelled-zeek/003-zeek-scenario-malicious/conn.log'), 'utf8')
    .split('\n')
    .slice(6, 12),
].filter((line) => line.trim() !== '');

/** A real line with random damage: characters replaced, cut short, or hostile bytes spliced in. */
const mutatedLine = fc
  .tuple(fc.constantFrom(...REAL_LINES), fc.nat(), fc.nat(), fc.string({ unit: 'binary', maxLength: 20 }))
  .map(([line, at, cut, junk]) => {
    const position = at % (line.length + 1);
    const damaged = line.slice(0, position) + junk + line.slice(position + (cut % 5));
    return cut % 3 === 0 ? damaged.slice(0, position) : damaged;
  });

describe('normalisation never fails on hostile input', () => {
  let sources: LogSourceSet;
  beforeAll(async () => {
    sources = await loadLogSources();
  });

  const checkEvent = (event: ReturnType<LogSourceSet['normaliseText']>) => {
    expect(sources.names.includes(event.source) || event.source === 'generic').toBe(true);
    if (event.timestamp !== null) expect(new Date(event.timestamp).toISOString()).toBe(event.timestamp);
    expect(() => JSON.stringify(event.fields)).not.toThrow();
  };

  it('keeps any text whole and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), mutatedLine), (line) => {
        const event = sources.normaliseText(line);
        expect(event.raw).toBe(line);
        checkEvent(event);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary JSON objects', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 6 })), (record) => {
        checkEvent(sources.normaliseObject(record));
      }),
      { numRuns: 1000 },
    );
  });

  it('parses with any named source without throwing, whatever the line', () => {
    fc.assert(
      fc.property(fc.constantFrom(...sourcesNames()), mutatedLine, (source, line) => {
        checkEvent(sources.normaliseText(line, source));
      }),
      { numRuns: 1000 },
    );
  });

  it('stays linear on long lines crafted against the vendor patterns (no catastrophic backtracking)', () => {
    const n = 1024 * 1024;
    const crafted = [
      '%ASA-4-733100: ' + 'a '.repeat(n / 2),
      '%ASA-6-302014: Teardown TCP connection 1 for a:1.1.1.1/1 to b:2.2.2.2/2 duration 0:00:00 bytes 1 ' +
        'x '.repeat(n / 2) +
        '(',
      'A'.repeat(n) + '_[junos@1 a="',
      'app 1 EV [junos@1 ' + '"\\'.repeat(n / 2),
      '1,'.repeat(n / 2) + ',TRAFFIC,',
      '<14>Mar  1 10:00:01 pa 1,2020/01/01 00:00:00,1,TRAFFIC,' + ','.repeat(n),
      'CheckPoint [' + 'a:"b"; '.repeat(n / 7),
      'id=x sn=1 m=1 src=' + ':'.repeat(n) + ' dst=' + '1:'.repeat(n / 2),
    ];
    for (const line of crafted) {
      const started = performance.now();
      expect(sources.normaliseText(line).raw).toBe(line);
      // ~0.1 s each when measured on a loaded 2-core machine: the bound only catches a quadratic pattern.
      expect(performance.now() - started, line.slice(0, 40)).toBeLessThan(3000);
    }
  });

  function sourcesNames(): string[] {
    return [
      'syslog',
      'linux-auth',
      'suricata-eve',
      'zeek',
      'windows',
      'iptables',
      'cef',
      'cloudtrail',
      'device-telemetry',
      'ecs-json',
      'generic-json',
      'antivirus',
      'cisco-asa',
      'paloalto',
      'checkpoint',
      'sonicwall',
      'juniper-junos',
    ];
  }
});

describe('the search language refuses bad queries only with InputError', () => {
  it('never throws anything else', () => {
    const token = fc.constantFrom(
      'a:1',
      'b:"x y"',
      'AND',
      'OR',
      'NOT',
      '(',
      ')',
      '[',
      ']',
      'TO',
      ':',
      '*',
      '>=',
      '-',
      '"',
      'c:[1 TO 2]',
      'word',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.array(token, { maxLength: 12 }).map((t) => t.join(' ')),
        ),
        (query) => {
          try {
            parseEventQuery(query);
          } catch (error) {
            expect(error).toBeInstanceOf(InputError);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('syslog framing', () => {
  it('yields the same messages however the stream is cut into chunks', () => {
    const message = fc.string({ minLength: 1, maxLength: 60 }).map((s) => `<13>${s.replace(/[\r\n]/g, ' ')}`);
    fc.assert(
      fc.property(
        fc.array(message, { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat(50), { maxLength: 30 }),
        fc.boolean(),
        (messages, cuts, octets) => {
          const stream = Buffer.from(
            messages.map((m) => (octets ? `${Buffer.byteLength(m)} ${m}` : `${m}\n`)).join(''),
          );
          const framer = new SyslogFramer(4096);
          const seen: string[] = [];
          let offset = 0;
          for (const cut of cuts) {
            const end = Math.min(stream.length, offset + cut);
            seen.push(...framer.push(stream.subarray(offset, end)).messages);
            offset = end;
          }
          seen.push(...framer.push(stream.subarray(offset)).messages, ...framer.end());
          expect(seen).toEqual(messages);
        },
      ),
      { numRuns: 500 },
    );
  });
});
