import { checkRange, createAnomalyDetector } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import { generateDemoCity } from './demo-city.ts';
import type { DemoMessage } from './demo-formats.ts';
import { createNormalLife } from './demo-normal-life.ts';

const START = Date.parse('2026-11-22T09:00:00.000Z');
const city = generateDemoCity();

/** Events a message becomes: MQTT payloads may carry several readings, one per line. */
const events = (messages: readonly DemoMessage[]) => messages.reduce((n, m) => n + m.payload.split('\n').length, 0);

describe('normal life of the demo city', () => {
  it('plays at a modest, steady rate of 20 to 100 events a second over every channel', () => {
    const life = createNormalLife({ city, start: START });
    const messages = life.advance(START + 10 * 60_000);
    const perSecond = events(messages) / 600;
    expect(perSecond).toBeGreaterThanOrEqual(20);
    expect(perSecond).toBeLessThanOrEqual(100);
    expect(new Set(messages.map((m) => m.channel))).toEqual(new Set(['http', 'syslog', 'mqtt']));
  });

  it('gives the same messages for the same seed and times, however the time is cut up', () => {
    const whole = createNormalLife({ city, start: START }).advance(START + 60_000);
    const stepped = createNormalLife({ city, start: START });
    const parts: DemoMessage[] = [];
    for (let t = START + 1000; t <= START + 60_000; t += 1000) parts.push(...stepped.advance(t));
    // Device readings are scheduled, so they match exactly; rated traffic is spread differently per call.
    const devices = (list: DemoMessage[]) => list.filter((m) => m.channel === 'mqtt').map((m) => m.topic);
    expect(devices(parts)).toEqual(devices(whole));
    expect(createNormalLife({ city, start: START }).advance(START + 60_000)).toEqual(whole);
  });

  it('returns messages in time order, inside the interval asked for', () => {
    const life = createNormalLife({ city, start: START });
    life.advance(START + 5000);
    const messages = life.advance(START + 10_000);
    expect(messages.map((m) => m.at)).toEqual([...messages.map((m) => m.at)].sort((a, b) => a - b));
    for (const m of messages) {
      expect(m.at).toBeGreaterThan(START + 5000);
      expect(m.at).toBeLessThanOrEqual(START + 10_100);
    }
  });

  it('publishes device readings on citysoc/<department>/<device id>, inside the metric ranges', () => {
    const messages = createNormalLife({ city, start: START }).advance(START + 5 * 60_000);
    const devices = new Map(city.assets.flatMap((a) => a.device_ids.map((d) => [d, a] as const)));
    const readings = messages.filter((m) => m.channel === 'mqtt' || m.source === 'device-telemetry');
    expect(readings.length).toBeGreaterThan(1000);
    for (const message of readings) {
      for (const line of message.payload.split('\n')) {
        const reading = JSON.parse(line) as { device_id: string; metric: string; value: number; ts: string };
        const asset = devices.get(reading.device_id);
        expect(asset, reading.device_id).toBeDefined();
        if (message.channel === 'mqtt') expect(message.topic).toBe(`citysoc/${asset?.department}/${reading.device_id}`);
        const range = asset?.metrics?.[reading.metric];
        expect(reading.value).toBeGreaterThanOrEqual(range?.min ?? -Infinity);
        expect(reading.value).toBeLessThanOrEqual(range?.max ?? Infinity);
        expect(Date.parse(reading.ts)).toBe(message.at);
      }
    }
  });

  it('leaves quiet devices out until the time given, then they report again', () => {
    const life = createNormalLife({ city, start: START, networkPerSecond: 0, syslogPerSecond: 0, windowsPerSecond: 0 });
    const controller = city.assets.find((a) => a.id === 'tr-tsc-001');
    const device = controller?.device_ids[0] as string;
    life.quiet([device], START + 5 * 60_000);
    const during = life.advance(START + 5 * 60_000).filter((m) => m.payload.includes(device));
    const after = life.advance(START + 7 * 60_000).filter((m) => m.payload.includes(device));
    expect(during).toEqual([]);
    expect(after.length).toBeGreaterThanOrEqual(1);
  });

  it('neither breaks a declared range nor looks anomalous to the telemetry anomaly detector over six hours', () => {
    const life = createNormalLife({ city, start: START, networkPerSecond: 0, syslogPerSecond: 0, windowsPerSecond: 0 });
    const detector = createAnomalyDetector();
    const devices = new Map(city.assets.flatMap((a) => a.device_ids.map((d) => [d, a] as const)));
    const anomalies: string[] = [];
    for (let hour = 1; hour <= 6; hour += 1) {
      for (const message of life.advance(START + hour * 3_600_000)) {
        for (const line of message.payload.split('\n')) {
          const {
            device_id: device,
            metric,
            value,
          } = JSON.parse(line) as { device_id: string; metric: string; value: number };
          const range = devices.get(device)?.metrics?.[metric];
          if (range && checkRange(value, range)) anomalies.push(`${device} ${metric}=${value} out of range`);
          if (detector.observe(device, metric, value).onset) anomalies.push(`${device} ${metric}=${value} anomalous`);
        }
      }
    }
    expect(anomalies).toEqual([]);
  });
});
