import { InputError } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { partitionsOwnedBy } from './detect-membership.ts';
import {
  eventStreamNames,
  packStreamMessages,
  partitionOf,
  partitionOfAsset,
  StreamedMessage,
} from './event-stream.ts';

describe('cluster settings', () => {
  it('runs every role by default and takes a subset from CITYSOC_ROLES', () => {
    expect(loadConfig({}).roles).toEqual(['ingest', 'detect', 'api']);
    expect(loadConfig({ CITYSOC_ROLES: ' detect, ingest ,detect' }).roles).toEqual(['detect', 'ingest']);
  });

  it('refuses an unknown role, naming the variable and the known roles', () => {
    expect(() => loadConfig({ CITYSOC_ROLES: 'ingest,detector' })).toThrow(InputError);
    expect(() => loadConfig({ CITYSOC_ROLES: 'ingest,detector' })).toThrow(
      /roles \(CITYSOC_ROLES\): unknown role 'detector'; known: ingest, detect, api/,
    );
  });

  it('serves no metrics unless a port is set, and takes 0 for a free port', () => {
    expect(loadConfig({}).metricsPort).toBeNull();
    expect(loadConfig({ CITYSOC_METRICS_PORT: '0' }).metricsPort).toBe(0);
  });

  it('refuses a bus prefix that would break NATS subjects or stream names', () => {
    expect(() => loadConfig({ CITYSOC_BUS_PREFIX: 'city.soc' })).toThrow(/busPrefix/);
  });
});

describe('event stream partitions', () => {
  const event = (host_name: string | null, source_ip: string | null = null) => ({
    host_name,
    source_ip,
    asset_id: null,
    source: 'syslog',
  });

  it('sends one host always to the same partition, within range', () => {
    const first = partitionOf(event('plc-7.water.city'), 8);
    expect(partitionOf(event('plc-7.water.city'), 8)).toBe(first);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(8);
  });

  it('spreads many hosts over every partition', () => {
    const used = new Set(Array.from({ length: 200 }, (_, i) => partitionOf(event(`meter-${i}`), 8)));
    expect(used.size).toBe(8);
  });

  it('falls back to the source address when the event names no host', () => {
    expect(partitionOf(event(null, '10.1.2.3'), 16)).toBe(partitionOf(event('10.1.2.3'), 16));
  });

  it("keeps an inventoried device's events together whether they name its host or only its asset", () => {
    const bySyslog = { host_name: 'scada-1.energy.city', source_ip: '10.2.0.5', asset_id: 'scada-1', source: 'syslog' };
    const byTelemetry = { host_name: null, source_ip: null, asset_id: 'scada-1', source: 'device-telemetry' };
    expect(partitionOf(bySyslog, 16)).toBe(partitionOf(byTelemetry, 16));
    expect(partitionOfAsset('scada-1', 16)).toBe(partitionOf(byTelemetry, 16));
  });

  it('derives every stream name from the prefix', () => {
    const names = eventStreamNames('citysoc');
    expect(names).toMatchObject({ stream: 'citysoc_events', allSubjects: 'citysoc.events.*' });
    expect(names.subject(3)).toBe('citysoc.events.3');
  });
});

describe('partition ownership among detect nodes', () => {
  const nodes = ['node-a', 'node-b', 'node-c'];
  const owners = (live: string[]) => live.map((node) => partitionsOwnedBy(node, live, 32));

  it('gives every partition to exactly one live node', () => {
    const owned = owners(nodes).flat();
    expect(owned.sort((a, b) => a - b)).toEqual(Array.from({ length: 32 }, (_, i) => i));
  });

  it('moves only the partitions of a node that leaves', () => {
    const [a, b] = owners(nodes) as [number[], number[], number[]];
    const [a2, b2] = owners(['node-a', 'node-b']) as [number[], number[]];
    expect(a2).toEqual(expect.arrayContaining(a));
    expect(b2).toEqual(expect.arrayContaining(b));
  });

  it('gives a lone node every partition', () => {
    expect(partitionsOwnedBy('node-a', ['node-a'], 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('packing events into stream messages', () => {
  const row = (i: number, host: string, document = '{}') => ({
    id: `e-${i}`,
    ts: '2026-11-22T03:00:00.000Z',
    ingested: '2026-11-22T03:00:00.000Z',
    source: 'syslog',
    host_name: host,
    document,
  });

  it('puts each event in its partition, keeps their order, and loses none', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => row(i, `meter-${i % 37}`));
    const messages = packStreamMessages(rows, 8);
    const unpacked = messages.flatMap((message) => {
      const events = StreamedMessage.parse(JSON.parse(message.body));
      for (const event of events)
        expect(partitionOf({ ...event, asset_id: null, source_ip: null }, 8)).toBe(message.partition);
      expect(events).toHaveLength(message.count);
      return events.map((event) => Number(event.id.slice(2)));
    });
    expect([...unpacked].sort((a, b) => a - b)).toEqual(rows.map((_, i) => i));
    for (const partition of new Set(messages.map((m) => m.partition))) {
      const order = messages
        .filter((m) => m.partition === partition)
        .flatMap((m) => StreamedMessage.parse(JSON.parse(m.body)).map((event) => Number(event.id.slice(2))));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('bounds a message by events and by bytes, and names it by its events', () => {
    const many = packStreamMessages(
      Array.from({ length: 450 }, (_, i) => row(i, 'one-host')),
      8,
    );
    expect(many.map((m) => m.count)).toEqual([200, 200, 50]);
    expect(many.map((m) => m.id)).toEqual(['e-0+200', 'e-200+200', 'e-400+50']);
    const big = 'x'.repeat(100_000);
    const large = packStreamMessages(
      Array.from({ length: 7 }, (_, i) => row(i, 'one-host', big)),
      8,
    );
    expect(large.map((m) => m.count)).toEqual([2, 2, 2, 1]);
    expect(Math.max(...large.map((m) => m.body.length))).toBeLessThan(256 * 1024 + 1000);
  });

  it('still reads a message holding one event as an object (the earlier format)', () => {
    const event = StreamedMessage.parse(JSON.parse(packStreamMessages([row(1, 'h')], 4)[0]!.body))[0];
    expect(StreamedMessage.parse(event)).toEqual([event]);
    expect(StreamedMessage.safeParse([]).success).toBe(false);
  });
});
