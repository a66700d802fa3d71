import { InputError } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import { generateDemoCity } from './demo-city.ts';
import { createDemoPlayer, type DemoTargets } from './demo-player.ts';
import { DEMO_SCENARIOS } from './demo-scenarios.ts';

const START = Date.parse('2026-11-22T09:00:00.000Z');
const city = generateDemoCity();

/** Targets that remember what they were given, optionally failing. */
function recordingTargets(fail: { http?: boolean } = {}) {
  const sent = {
    http: [] as { lines: readonly string[]; source: string | undefined }[],
    syslog: [] as string[],
    mqtt: [] as { topic: string; payload: string }[],
  };
  const targets: DemoTargets = {
    async http(lines, source) {
      if (fail.http) throw new Error('server is down');
      sent.http.push({ lines, source });
    },
    async syslog(lines) {
      sent.syslog.push(...lines);
    },
    async mqtt(topic, payload) {
      sent.mqtt.push({ topic, payload });
    },
  };
  return { sent, targets };
}

function quietLog() {
  const warnings: unknown[] = [];
  return { warnings, log: { info: () => undefined, warn: (...args: unknown[]) => void warnings.push(args) } };
}

describe('the demo player', () => {
  it('sends normal life over HTTP (by log source), syslog and MQTT each tick', async () => {
    let now = START;
    const { sent, targets } = recordingTargets();
    const player = createDemoPlayer({
      city,
      targets,
      log: quietLog().log,
      clock: () => now,
      firstScenarioAfterSeconds: 3600,
    });
    for (let i = 0; i < 30; i += 1) {
      now += 1000;
      await player.tick();
    }
    expect(new Set(sent.http.map((h) => h.source))).toEqual(new Set(['suricata-eve', 'windows', 'device-telemetry']));
    expect(sent.syslog.length).toBeGreaterThan(30);
    expect(sent.mqtt.every((m) => m.topic.startsWith('citysoc/'))).toBe(true);
    const stats = player.stats();
    expect(stats.sent.mqtt).toBe(sent.mqtt.length);
    expect(stats.scenariosPlayed).toBe(0);
  });

  it('plays the scenarios round robin, the first soon after the start, and sends their messages when they are due', async () => {
    let now = START;
    const { sent, targets } = recordingTargets();
    const player = createDemoPlayer({
      city,
      targets,
      log: quietLog().log,
      clock: () => now,
      scenarioEverySeconds: 60,
      firstScenarioAfterSeconds: 10,
    });
    const played: (string | null)[] = [];
    for (let second = 1; second <= 60 * DEMO_SCENARIOS.length + 15; second += 1) {
      now = START + second * 1000;
      const before = player.stats().scenariosPlayed;
      await player.tick();
      if (player.stats().scenariosPlayed > before) played.push(player.stats().lastScenario);
    }
    expect(played).toEqual([...DEMO_SCENARIOS.map((s) => s.name), DEMO_SCENARIOS[0]?.name]);
    // The port scan (first) reaches HTTP as Suricata alerts; the brute force (second, 70 s in) as sshd lines.
    const alerts = sent.http
      .flatMap((h) => h.lines)
      .filter((l) => l.includes('"event_type":"alert"') && l.includes('ET SCAN'));
    expect(alerts.length).toBeGreaterThanOrEqual(3);
    const failures = sent.syslog.filter((l) => l.includes('Failed password'));
    expect(failures.length).toBeGreaterThanOrEqual(10);
  });

  it('does not send a scenario message before its time', async () => {
    let now = START;
    const { sent, targets } = recordingTargets();
    const player = createDemoPlayer({
      city,
      targets,
      log: quietLog().log,
      clock: () => now,
      scenarios: ['door-forced-console-login'],
      firstScenarioAfterSeconds: 3600,
    });
    player.playScenario('door-forced-console-login');
    now += 1000;
    await player.tick();
    expect(sent.mqtt.some((m) => m.payload.includes('"forced"'))).toBe(true);
    expect(sent.syslog.some((l) => l.includes('ROOT LOGIN ON'))).toBe(false);
    now += 150_000;
    await player.tick();
    expect(sent.syslog.some((l) => l.includes('ROOT LOGIN ON'))).toBe(true);
  });

  it('counts and logs failed deliveries and keeps going', async () => {
    let now = START;
    const { sent, targets } = recordingTargets({ http: true });
    const { log, warnings } = quietLog();
    const player = createDemoPlayer({ city, targets, log, clock: () => now, firstScenarioAfterSeconds: 3600 });
    for (let i = 0; i < 5; i += 1) {
      now += 1000;
      await player.tick();
    }
    expect(player.stats().failed).toBeGreaterThan(0);
    expect(sent.mqtt.length).toBeGreaterThan(0);
    expect(warnings).toHaveLength(1);
  });

  it('refuses an unknown scenario', () => {
    const { targets } = recordingTargets();
    expect(() => createDemoPlayer({ city, targets, log: quietLog().log, scenarios: ['alien-invasion'] })).toThrow(
      InputError,
    );
    const player = createDemoPlayer({ city, targets, log: quietLog().log });
    expect(() => player.playScenario('alien-invasion')).toThrow(InputError);
  });

  it('starts ticking on its own and stops cleanly', async () => {
    const { sent, targets } = recordingTargets();
    const player = createDemoPlayer({
      city,
      targets,
      log: quietLog().log,
      tickMilliseconds: 20,
      firstScenarioAfterSeconds: 0,
    });
    player.start();
    await expect
      .poll(() => sent.http.length + sent.syslog.length + sent.mqtt.length, { timeout: 5000 })
      .toBeGreaterThan(0);
    await player.stop();
    const count = sent.http.length + sent.syslog.length + sent.mqtt.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sent.http.length + sent.syslog.length + sent.mqtt.length).toBe(count);
    expect(player.stats().scenariosPlayed).toBe(1);
  });
});
