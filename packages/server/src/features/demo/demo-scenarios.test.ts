import path from 'node:path';
import { type Asset, buildEnrichmentIndex, createSilenceTracker, type LogSourceSet } from '@citysoc/core';
import {
  compile,
  compileCorrelations,
  createCorrelator,
  eventTime,
  type CompiledCorrelations,
  type SigmaEngine,
} from '@citysoc/core/sigma';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectionEvent } from '../detection/detection-event.ts';
import { loadRuleDirectory } from '../detection/index.ts';
import { loadLogSources } from '../ingest/index.ts';
import type { IngestContext, IngestRecord } from '../ingest/ingest.service.ts';
import { mqttMessage, parseTopicRoutes } from '../ingest/mqtt-topics.ts';
import { normaliseBatch } from '../ingest/normalise-batch.ts';
import { DEMO_ACTORS, generateDemoCity } from './demo-city.ts';
import type { DemoMessage } from './demo-formats.ts';
import { createNormalLife } from './demo-normal-life.ts';
import { createRandom } from './demo-random.ts';
import { DEMO_RULES, DEMO_SCENARIOS, type DemoScenario } from './demo-scenarios.ts';

const RULES = path.resolve(import.meta.dirname, '../../../../../content/rules');
const START = Date.parse('2026-11-22T09:00:00.000Z');
const city = generateDemoCity();
const scenario = (name: string) => DEMO_SCENARIOS.find((s) => s.name === name) as DemoScenario;

/** One stored event as detection sees it, and what it raised. */
interface Processed {
  source: string;
  document: Record<string, unknown>;
  assetId: string | null;
  rules: string[];
}

/**
 * The ingest and detection path of the server, in-process: what a channel makes of a message (the MQTT topic
 * routes, syslog and NDJSON framing), the normaliser with the shipped log sources and the demo city's asset
 * enrichment, the stored document detection reads, the Sigma engine over content/rules, and the correlator.
 */
function createPipeline(logSources: LogSourceSet) {
  const loaded = loadRuleDirectory(RULES);
  // Peacetime (stance level 1): the rules in stance pack folders (content/rules/ot-strict, intel-hunting) are off.
  const inBaseline = (item: { file?: string | undefined }) => !/^(ot-strict|intel-hunting)[\\/]/.test(item.file ?? '');
  const engine: SigmaEngine = compile(loaded.rules.filter(inBaseline), { filters: loaded.filters });
  const correlations: CompiledCorrelations = compileCorrelations(loaded.correlations.filter(inBaseline), engine.rules);
  const rejected = [...loaded.errors, ...engine.rejected, ...correlations.rejected];
  const assets = city.assets.map((a): Asset => ({
    ...a,
    created_at: '',
    updated_at: '',
    status: 'operational',
    status_changed_at: null,
  }));
  const enrichment = buildEnrichmentIndex(assets, () => []);
  const routes = parseTopicRoutes('citysoc/#');
  let eventIndex = 0;

  function ingestInput(message: DemoMessage): { context: IngestContext; records: IngestRecord[] } {
    if (message.channel === 'mqtt') {
      return mqttMessage(routes, { topic: message.topic ?? '', payload: Buffer.from(message.payload) }, null);
    }
    if (message.channel === 'syslog') {
      return { context: { channel: 'syslog-tcp', departmentId: null, format: 'lines' }, records: [message.payload] };
    }
    const json = message.payload.trimStart().startsWith('{');
    return {
      context: {
        channel: 'http',
        departmentId: null,
        format: json ? 'ndjson' : 'lines',
        ...(message.source !== undefined && { source: message.source }),
      },
      records: message.payload.split(/\r?\n/),
    };
  }

  /** Runs messages through a fresh correlator, as a server that has just started would. */
  function run(messages: readonly DemoMessage[]): Processed[] {
    const correlator = createCorrelator(correlations);
    const processed: Processed[] = [];
    for (const message of [...messages].sort((a, b) => a.at - b.at)) {
      const { context, records } = ingestInput(message);
      const setup = { logSources, maxEventBytes: 1 << 20, enrichment };
      const batch = normaliseBatch(setup, context, records, new Date(message.at).toISOString());
      expect(batch.rejected, message.payload).toEqual([]);
      for (const row of batch.rows) {
        const document = JSON.parse(row.document) as Record<string, unknown>;
        const event = detectionEvent(document, { original: row.original ?? null, raw: row.raw ?? null });
        const hits = engine.match(event);
        const rules = hits.filter((r) => !correlations.silentRules.has(r.id)).map((r) => r.id);
        const time = eventTime(event);
        if (time !== null && hits.length > 0) {
          const index = eventIndex++;
          const observed = correlator.observe(hits.map((r) => ({ ruleId: r.id, event, time, eventIndex: index })));
          rules.push(...observed.map((hit) => hit.correlation.key));
        }
        processed.push({ source: row.source, document, assetId: row.asset_id ?? null, rules });
      }
    }
    return processed;
  }

  return { run, rejected, correlations };
}

const fired = (events: Processed[]) => events.flatMap((e) => e.rules);

/**
 * Twenty minutes of device telemetry with a scenario played at minute one, watched by the real silence
 * tracker (every asset with a report interval, three missed intervals): which assets went silent, and recovered.
 */
function silencesDuring(played: DemoScenario): { silent: Set<string>; recovered: Set<string> } {
  const at = START + 60_000;
  const { messages, quiet } = played.play({ city, at, random: createRandom('silence') });
  const life = createNormalLife({ city, start: START, networkPerSecond: 0, syslogPerSecond: 0, windowsPerSecond: 0 });
  let now = START;
  const tracker = createSilenceTracker({ now: () => now });
  const byDevice = new Map(city.assets.flatMap((a) => a.device_ids.map((d) => [d, a.id] as const)));
  for (const asset of city.assets) if (asset.report_interval) tracker.watch(asset.id, asset.report_interval * 1000);
  const silent = new Set<string>();
  const recovered = new Set<string>();
  let pending = messages.filter((m) => m.payload.startsWith('{'));
  for (now = START + 1000; now <= START + 20 * 60_000; now += 1000) {
    if (now === at && quiet) life.quiet(quiet.deviceIds, quiet.until);
    const due = pending.filter((m) => m.at <= now);
    pending = pending.filter((m) => m.at > now);
    for (const message of [...life.advance(now), ...due]) {
      const deviceId = (JSON.parse(message.payload.split('\n')[0] as string) as { device_id?: string }).device_id;
      if (deviceId === undefined) continue;
      const transition = tracker.seen(byDevice.get(deviceId) ?? deviceId, message.at);
      if (transition?.kind === 'recovered') recovered.add(transition.key);
    }
    for (const transition of tracker.advance(now)) if (transition.kind === 'silent') silent.add(transition.key);
  }
  return { silent, recovered };
}

describe('the demo scenarios through the real normaliser and detection engine', () => {
  let pipeline: ReturnType<typeof createPipeline>;
  const play = (name: string, at = START) => scenario(name).play({ city, at, random: createRandom(`test/${name}`) });

  beforeAll(async () => {
    pipeline = createPipeline(await loadLogSources());
  });

  it('loads every shipped rule and correlation', () => {
    expect(pipeline.rejected).toEqual([]);
  });

  it('every scenario names rules that exist, and has messages or a silence', () => {
    const known = new Set([...Object.values(DEMO_RULES)]);
    for (const s of DEMO_SCENARIOS) {
      for (const id of s.detectedBy) expect(known).toContain(id);
      const { messages, quiet } = play(s.name);
      expect(messages.length > 0 || quiet !== undefined, s.name).toBe(true);
    }
    expect(new Set(DEMO_SCENARIOS.map((s) => s.name)).size).toBe(DEMO_SCENARIOS.length);
  });

  it('ssh-brute-force: sshd failures normalise with the attacker address, ten or more from one address in 5 minutes', () => {
    const events = pipeline.run(play('ssh-brute-force').messages);
    const failures = events.filter(
      (e) => (e.document.message as string).startsWith('Failed ') && e.source === 'linux-auth',
    );
    expect(failures.length).toBeGreaterThanOrEqual(10);
    const attackers = new Set(failures.map((e) => (e.document.source as { ip: string }).ip));
    expect(attackers.size).toBe(1);
    for (const e of failures) {
      expect(e.document).toMatchObject({
        event: { outcome: 'failure', category: ['authentication'], action: 'password' },
        process: { name: 'sshd' },
        citysoc: { asset_id: DEMO_ACTORS.sshTarget },
      });
    }
    const times = failures.map((e) => Date.parse(e.document['@timestamp'] as string));
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(5 * 60_000);
    // The correlation is another author's; when it is loaded it must fire on this scenario.
    if (pipeline.correlations.correlations.some((c) => c.correlation.id === DEMO_RULES.sshBruteForce)) {
      expect(fired(events)).toContain(DEMO_RULES.sshBruteForce);
    }
  });

  it('camera-port-scan: the IDS SCAN alerts raise the scan rule, attributed to the camera', () => {
    const events = pipeline.run(play('camera-port-scan').messages);
    const alerts = events.filter((e) => e.rules.includes(DEMO_RULES.idsNetworkScan));
    expect(alerts).toHaveLength(3);
    for (const alert of alerts) expect(alert.assetId).toBe(DEMO_ACTORS.scanningCamera);
    expect(new Set(fired(events))).toEqual(new Set([DEMO_RULES.idsNetworkScan]));
    expect(new Set(events.map((e) => e.source))).toEqual(new Set(['suricata-eve']));
  });

  it('antivirus-malware: ClamAV detections become malware alerts of the file server', () => {
    const events = pipeline.run(play('antivirus-malware').messages);
    expect(events.map((e) => e.source)).toEqual(['antivirus', 'antivirus']);
    expect(fired(events)).toEqual([DEMO_RULES.antivirusMalware, DEMO_RULES.antivirusMalware]);
    expect(events[1]?.document).toMatchObject({
      event: { kind: 'alert', category: ['malware'], action: 'malware-detected' },
      file: {
        path: '/srv/samba/finance/inbox/Invoice_2026-1187/update.exe',
        hash: { md5: '44d88612fea8a8f36de82e1278abb02f' },
        size: 68,
      },
      rule: { name: 'Win.Test.EICAR_HDB-1' },
      citysoc: { asset_id: DEMO_ACTORS.fileServer },
    });
  });

  it('door-forced-console-login: the door, the console login and the correlation of the two', () => {
    const events = pipeline.run(play('door-forced-console-login').messages);
    expect(fired(events)).toEqual([
      DEMO_RULES.doorForced,
      DEMO_RULES.consoleLogin,
      DEMO_RULES.doorForcedThenConsoleLogin,
    ]);
    expect(events.find((e) => e.rules.includes(DEMO_RULES.consoleLogin))?.assetId).toBe(DEMO_ACTORS.consoleServer);
  });

  it('door-forced-console-login: a console login without a forced door before it raises no correlation', () => {
    const lonely = pipeline.run(
      play('door-forced-console-login', START + 3_600_000).messages.filter((m) => m.channel === 'syslog'),
    );
    expect(fired(lonely)).toEqual([DEMO_RULES.consoleLogin]);
  });

  it('server-room-overheating: readings above 35 °C raise the out-of-range rule', () => {
    const events = pipeline.run(play('server-room-overheating').messages);
    const hot = events.filter((e) => e.rules.includes(DEMO_RULES.serverRoomOutOfRange));
    expect(hot.length).toBeGreaterThanOrEqual(1);
    for (const e of hot) expect(e.assetId).toBe(DEMO_ACTORS.serverRoomSensor);
    expect(new Set(fired(events))).toEqual(new Set([DEMO_RULES.serverRoomOutOfRange]));
  });

  it('water-plc-program-change: program mode, download and change raise the PLC rule', () => {
    const events = pipeline.run(play('water-plc-program-change').messages);
    expect(fired(events)).toEqual([
      DEMO_RULES.plcProgramChange,
      DEMO_RULES.plcProgramChange,
      DEMO_RULES.plcProgramChange,
    ]);
    expect(events.every((e) => e.assetId === DEMO_ACTORS.waterPlc && e.source === 'device-telemetry')).toBe(true);
  });

  it('traffic-controllers-silent: raises no rule', () => {
    expect(fired(pipeline.run(play('traffic-controllers-silent').messages))).toEqual([]);
  });

  it('only traffic-controllers-silent makes devices silent, and exactly its corridor, which recovers', () => {
    const corridor = [...Array.from({ length: 8 }, (_, i) => `tr-tsc-${String(41 + i).padStart(3, '0')}`), 'tr-gw-06'];
    for (const s of DEMO_SCENARIOS) {
      const { silent, recovered } = silencesDuring(s);
      const expected = s.name === 'traffic-controllers-silent' ? corridor.sort() : [];
      expect([...silent].sort(), s.name).toEqual(expected);
      expect([...recovered].sort(), s.name).toEqual(expected);
    }
  });

  it('normal life raises no rule at all and is read by the intended log sources', () => {
    const life = createNormalLife({ city, start: START });
    const events = pipeline.run(life.advance(START + 10 * 60_000));
    expect(events.length).toBeGreaterThan(10 * 60 * 20);
    expect(fired(events)).toEqual([]);
    const sources = new Set(events.map((e) => e.source));
    expect(sources).toEqual(
      new Set(['device-telemetry', 'suricata-eve', 'linux-auth', 'syslog', 'antivirus', 'iptables', 'windows']),
    );
    const attributed = events.filter((e) => e.assetId !== null).length;
    expect(attributed / events.length).toBeGreaterThan(0.9);
  });
});
