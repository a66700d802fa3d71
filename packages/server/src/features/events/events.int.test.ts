import { InputError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';

const EVENTS = [
  {
    timestamp: '2026-03-01T11:00:00.000000+0100',
    flow_id: 1234567,
    event_type: 'alert',
    src_ip: '10.0.0.5',
    src_port: 51000,
    dest_ip: '192.168.1.10',
    dest_port: 22,
    proto: 'TCP',
    alert: { signature: 'ET SCAN SSH brute force', signature_id: 2001219, severity: 2 },
  },
  { device_id: 'pump-7', metric: 'temperature', value: 71.5, unit: 'C', state: 'alarm', ts: '2026-03-01T10:05:00Z' },
  { device_id: 'pump-8', metric: 'temperature', value: 20.1, unit: 'C', state: 'ok', ts: '2026-03-01T10:06:00Z' },
];
const LINES = [
  '<38>Mar  1 10:10:00 gw-1 sshd[811]: Failed password for invalid user admin from 203.0.113.9 port 4022 ssh2',
  '<38>Mar  1 10:11:00 gw-1 sshd[811]: Accepted password for alice from 10.0.0.7 port 4023 ssh2',
];

describe.each(testDatabaseKinds())('event search on $kind', (kind) => {
  let city: TestCity;
  const search = (query: string, extra: { limit?: number; cursor?: string; from?: string; to?: string } = {}) =>
    city.services.events.search(SYSTEM_PRINCIPAL, { query, limit: extra.limit ?? 100, ...extra });
  const sources = async (query: string) => (await search(query)).events.map((e) => e.source).sort();

  beforeAll(async () => {
    city = await createTestCity(kind);
    const ingest = city.services.ingest;
    await ingest.ingest({ channel: 'http', departmentId: 'water', format: 'ndjson' }, EVENTS);
    await ingest.ingest({ channel: 'syslog-tcp', departmentId: 'energy', format: 'lines' }, LINES);
  });
  afterAll(() => city.dispose());

  it('finds everything with an empty query, newest first', async () => {
    const { events } = await search('');
    expect(events).toHaveLength(5);
    const times = events.map((e) => e.timestamp);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('matches indexed columns and nested JSON fields', async () => {
    expect(await sources('source.ip:10.0.0.5')).toEqual(['suricata-eve']);
    expect((await search('device.id:pump-7')).events).toHaveLength(1);
    expect((await search('user.name:alice')).events).toHaveLength(1);
  });

  it('finds syslog events by the host their header names, through the indexed host column', async () => {
    expect((await search('host.name:gw-1')).events.map((e) => e.source)).toEqual(['linux-auth', 'linux-auth']);
    const rows = await city.services.store.db
      .selectFrom('events')
      .select('host_name')
      .where('source', '=', 'linux-auth')
      .execute();
    expect(rows.map((row) => row.host_name)).toEqual(['gw-1', 'gw-1']);
  });

  it('matches any element of an array field, as ECS does', async () => {
    expect((await search('event.category:authentication')).events).toHaveLength(2);
  });

  it('finds one event by its id', async () => {
    const [some] = (await search('user.name:alice')).events;
    const { events } = await search(`citysoc.event_id:${some!.id}`);
    expect(events.map((e) => e.id)).toEqual([some!.id]);
  });

  it('supports wildcards, exists, NOT and OR', async () => {
    expect((await search('device.id:pump-*')).events).toHaveLength(2);
    expect((await search('device.id:PUMP-?')).events).toHaveLength(2);
    expect((await search('user.name:*')).events).toHaveLength(2);
    expect((await search('device.id:* AND NOT device.id:pump-8')).events).toHaveLength(1);
    expect((await search('user.name:alice OR device.id:pump-8')).events).toHaveLength(2);
  });

  it('compares numbers in ranges', async () => {
    expect((await search('citysoc.telemetry.value:>50')).events.map((e) => e.document.device)).toEqual([
      { id: 'pump-7' },
    ]);
    expect((await search('destination.port:[1 TO 1024]')).events).toHaveLength(1);
  });

  it('searches the raw text for free words', async () => {
    expect((await search('"invalid user"')).events).toHaveLength(1);
    expect((await search('BRUTE')).events).toHaveLength(1);
  });

  it('limits by time range', async () => {
    const { events } = await search('', { from: '2026-03-01T10:04:00Z', to: '2026-03-01T10:10:30Z' });
    expect(events.map((e) => e.timestamp)).toEqual([
      '2026-03-01T10:10:00.000Z',
      '2026-03-01T10:06:00.000Z',
      '2026-03-01T10:05:00.000Z',
    ]);
  });

  it('pages with a cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search('', { limit: 2, ...(cursor !== undefined && { cursor }) });
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    await expect(search('', { cursor: 'garbage' })).rejects.toThrow(InputError);
  });

  it('shows a department only its own events', async () => {
    const waterOperator = await city.addUser(`w-${kind.kind}`, 'sysadmin', ['water']);
    const { events } = await city.services.events.search(waterOperator, { query: '', limit: 100 });
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.departmentId === 'water')).toBe(true);
    expect(await city.services.events.count(waterOperator)).toBe(3);
  });

  it('counts events per time bucket', async () => {
    const histogram = await city.services.events.histogram(SYSTEM_PRINCIPAL, {
      query: '',
      from: '2026-03-01T09:00:00Z',
      to: '2026-03-01T11:00:00Z',
    });
    expect(histogram.interval).toBe('minute');
    expect(histogram.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(5);
    expect(histogram.buckets[0]).toEqual({ start: '2026-03-01T10:00:00.000Z', count: 1 });
  });

  it('keeps normalised fields, original fields and the raw text', async () => {
    const [event] = (await search('source.ip:10.0.0.5')).events;
    expect(event?.document).toMatchObject({
      citysoc: { source: 'suricata-eve', channel: 'http', department: 'water' },
    });
    expect(event?.original).toMatchObject({ event_type: 'alert', src_port: 51000 });
    expect(JSON.parse(event?.raw ?? '')).toMatchObject({ dest_port: 22 });
  });

  it('refuses a query it cannot read with the reason', async () => {
    await expect(search('source.ip:')).rejects.toThrow(/needs a value/);
    await expect(search('destination.port:>abc')).rejects.toThrow(/not a number/);
  });
});
