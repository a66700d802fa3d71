import { InputError, type InventoryDocument } from '@citysoc/core';
import type { Logger } from '../../platform/log.ts';
import type { DemoMessage } from './demo-formats.ts';
import { createNormalLife } from './demo-normal-life.ts';
import { createRandom } from './demo-random.ts';
import { DEMO_SCENARIOS, type DemoScenario } from './demo-scenarios.ts';

/**
 * Where the demo's telemetry goes: the same three doors a city's senders use. Each call resolves once the
 * server has taken the input (HTTP 202, syslog written to the socket, MQTT PUBACK) and rejects otherwise.
 * `createDemoTargets` makes the real ones; tests pass fakes.
 */
export interface DemoTargets {
  /** Lines (JSON or text) to `POST /api/ingest`, with an optional `?source=` hint. */
  http(lines: readonly string[], source?: string): Promise<void>;
  /** Syslog lines, one message each. */
  syslog(lines: readonly string[]): Promise<void>;
  /** One MQTT message (QoS 1). */
  mqtt(topic: string, payload: string): Promise<void>;
}

export interface DemoPlayerOptions {
  city: InventoryDocument;
  targets: DemoTargets;
  log: Pick<Logger, 'info' | 'warn'>;
  /** Epoch milliseconds now; tests pass a fake clock. */
  clock?: () => number;
  /** A scenario every this many seconds, round robin. */
  scenarioEverySeconds?: number;
  /** When the first scenario starts, so a newcomer sees an alert within a minute. */
  firstScenarioAfterSeconds?: number;
  /** Which scenarios, by name, in order (default: all of DEMO_SCENARIOS). */
  scenarios?: readonly string[];
  /** How often telemetry is sent. */
  tickMilliseconds?: number;
  seed?: number | string;
  /** Rates of normal life (see NormalLifeOptions). */
  networkPerSecond?: number;
  syslogPerSecond?: number;
}

export interface DemoPlayerStats {
  /** Messages delivered per channel. */
  sent: Record<DemoMessage['channel'], number>;
  /** Messages a target refused or could not deliver (logged, then dropped). */
  failed: number;
  scenariosPlayed: number;
  lastScenario: string | null;
}

/** Plays the living city: normal life continuously, and an attack or incident scenario at intervals. */
export interface DemoPlayer {
  /** Starts sending every tick until `stop`. */
  start(): void;
  /** Stops after the tick in progress has been delivered. */
  stop(): Promise<void>;
  /** Sends what is due now (normal life and scenario messages); `start` calls it every tick. */
  tick(): Promise<void>;
  /** Plays a scenario now instead of waiting for its turn. Throws InputError on an unknown name. */
  playScenario(name: string): void;
  stats(): DemoPlayerStats;
}

/** A target that keeps failing (server down) is logged at most this often. */
const FAILURE_LOG_INTERVAL_MS = 10_000;

export function createDemoPlayer(options: DemoPlayerOptions): DemoPlayer {
  const { city, targets, log } = options;
  const clock = options.clock ?? Date.now;
  const tickMs = options.tickMilliseconds ?? 1000;
  const everyMs = (options.scenarioEverySeconds ?? 60) * 1000;
  const scenarios = selectScenarios(options.scenarios);
  const random = createRandom(`${options.seed ?? 'aurelia'}/scenarios`);
  const life = createNormalLife({
    city,
    start: clock(),
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.networkPerSecond !== undefined && { networkPerSecond: options.networkPerSecond }),
    ...(options.syslogPerSecond !== undefined && { syslogPerSecond: options.syslogPerSecond }),
  });
  const stats: DemoPlayerStats = {
    sent: { http: 0, syslog: 0, mqtt: 0 },
    failed: 0,
    scenariosPlayed: 0,
    lastScenario: null,
  };
  let pending: DemoMessage[] = [];
  let nextScenarioAt = clock() + (options.firstScenarioAfterSeconds ?? 10) * 1000;
  let nextScenario = 0;
  let running = false;
  let loop: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;
  const lastFailureLog = new Map<string, number>();

  function play(scenario: DemoScenario, at: number): void {
    const { messages, quiet } = scenario.play({ city, at, random });
    if (quiet) life.quiet(quiet.deviceIds, quiet.until);
    pending.push(...messages);
    pending.sort((a, b) => a.at - b.at);
    stats.scenariosPlayed += 1;
    stats.lastScenario = scenario.name;
    log.info({ scenario: scenario.name, messages: messages.length }, `demo scenario: ${scenario.title}`);
  }

  async function deliver(channel: DemoMessage['channel'], count: number, send: () => Promise<void>) {
    try {
      await send();
      stats.sent[channel] += count;
    } catch (error) {
      // The demo must outlive a busy or restarting server: count, log now and then, and carry on.
      stats.failed += count;
      const now = clock();
      if (now - (lastFailureLog.get(channel) ?? 0) >= FAILURE_LOG_INTERVAL_MS) {
        lastFailureLog.set(channel, now);
        log.warn({ err: error, channel, failed: stats.failed }, 'demo telemetry could not be delivered');
      }
    }
  }

  async function send(messages: readonly DemoMessage[]): Promise<void> {
    const http = new Map<string, string[]>();
    const syslog: string[] = [];
    const mqtt: DemoMessage[] = [];
    for (const message of messages) {
      if (message.channel === 'http') {
        const key = message.source ?? '';
        const lines = http.get(key) ?? [];
        lines.push(message.payload);
        http.set(key, lines);
      } else if (message.channel === 'syslog') syslog.push(message.payload);
      else mqtt.push(message);
    }
    await Promise.all([
      ...[...http].map(([source, lines]) =>
        deliver('http', lines.length, () => targets.http(lines, source === '' ? undefined : source)),
      ),
      ...(syslog.length > 0 ? [deliver('syslog', syslog.length, () => targets.syslog(syslog))] : []),
      // In order, one at a time: a device's readings must not overtake each other.
      (async () => {
        for (const message of mqtt) await deliver('mqtt', 1, () => targets.mqtt(message.topic ?? '', message.payload));
      })(),
    ]);
  }

  async function tick(): Promise<void> {
    const now = clock();
    if (scenarios.length > 0 && now >= nextScenarioAt) {
      play(scenarios[nextScenario % scenarios.length] as DemoScenario, now);
      nextScenario += 1;
      nextScenarioAt = now + everyMs;
    }
    const dueCount = pending.findIndex((m) => m.at > now);
    const due = dueCount === -1 ? pending : pending.slice(0, dueCount);
    pending = dueCount === -1 ? [] : pending.slice(dueCount);
    await send([...life.advance(now), ...due].sort((a, b) => a.at - b.at));
  }

  async function run(): Promise<void> {
    while (running) {
      const started = clock();
      await tick();
      if (!running) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, Math.max(0, tickMs - (clock() - started)));
      });
      wake = null;
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      log.info(
        { scenarios: scenarios.map((s) => s.name), everySeconds: everyMs / 1000 },
        'demo: playing the city of Aurelia',
      );
      loop = run();
    },
    async stop() {
      running = false;
      if (timer !== null) clearTimeout(timer);
      wake?.();
      await loop;
      loop = null;
    },
    tick,
    playScenario(name) {
      play(selectScenarios([name])[0] as DemoScenario, clock());
    },
    stats: () => structuredClone(stats),
  };
}

function selectScenarios(names: readonly string[] | undefined): DemoScenario[] {
  if (names === undefined) return [...DEMO_SCENARIOS];
  return names.map((name) => {
    const scenario = DEMO_SCENARIOS.find((s) => s.name === name);
    if (scenario === undefined) {
      throw new InputError(`unknown demo scenario "${name}" (known: ${DEMO_SCENARIOS.map((s) => s.name).join(', ')})`);
    }
    return scenario;
  });
}
