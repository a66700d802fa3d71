import { SYSTEM_PRINCIPAL, UnavailableError } from '@citysoc/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { natsAvailable, type OwnNatsServer, startOwnNatsServer, uniqueName } from '../platform/bus/nats-test-server.ts';
import { createTestCity, type TestCity } from '../testing/test-city.ts';
import { testDatabaseKinds } from '../testing/test-databases.ts';

const [sqlite] = testDatabaseKinds();
const runs = await natsAvailable();

const reading = (device: string, i: number) => ({
  device_id: device,
  metric: 'flow',
  value: i,
  ts: new Date(Date.UTC(2026, 10, 22, 3, 0, 0, i)).toISOString(),
});

async function eventually(check: () => Promise<void>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** One node of every role in this process, on its own NATS server so the test may stop and restart it. */
describe.runIf(runs)('the event stream between ingest and detection, across a NATS restart', () => {
  let nats: OwnNatsServer;
  let city: TestCity;
  const context = { channel: 'http', departmentId: null, format: 'ndjson', source: 'device-telemetry' } as const;
  const stored = () => city.services.events.count(SYSTEM_PRINCIPAL);
  const storedOf = async (device: string) =>
    (
      await city.services.store.db
        .selectFrom('events')
        .select('id')
        .where('document', 'like', `%"${device}"%`)
        .execute()
    ).length;

  beforeAll(async () => {
    nats = await startOwnNatsServer({ jetstream: true });
    city = await createTestCity(sqlite as NonNullable<typeof sqlite>, {
      busUrl: nats.url,
      busPrefix: uniqueName('es'),
      eventAckWaitSeconds: 5,
    });
    await city.services.cluster?.startDetection(city.services);
  }, 30_000);
  afterAll(async () => {
    await city?.dispose();
    await nats?.dispose();
  });

  it('acknowledges ingest after JetStream, and the detect role stores what was acknowledged', async () => {
    expect(city.services.cluster).not.toBeNull();
    const result = await city.services.ingest.ingest(
      context,
      Array.from({ length: 50 }, (_, i) => reading(`meter-${i % 7}`, i)),
    );
    expect(result.accepted).toBe(50);
    expect(city.services.ingest.stats().writer.committedEvents).toBe(50);
    await eventually(async () => expect(await stored()).toBe(50), 10_000);
    const lag = await city.services.cluster?.lag();
    expect(Object.keys(lag ?? {})).toHaveLength(8);
    expect(Object.values(lag ?? {}).every((n) => n === 0)).toBe(true);
  });

  it('refuses with UnavailableError while NATS is down, and takes events again once it is back', async () => {
    await nats.stop();
    const started = Date.now();
    await expect(city.services.ingest.ingest(context, [reading('meter-down', 1)])).rejects.toBeInstanceOf(
      UnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    const ready = await city.services.readiness();
    expect(ready.checks.bus).toMatchObject({ ok: false });

    await nats.start();
    await eventually(async () => {
      expect(await city.services.ingest.ingest(context, [reading('meter-back', 2)])).toMatchObject({ accepted: 1 });
    }, 15_000);
    // Everything acknowledged is stored; what was refused while NATS was down never reached the stream.
    await eventually(async () => expect(await storedOf('meter-back')).toBe(1), 15_000);
    expect(await storedOf('meter-down')).toBe(0);
    expect(await city.services.readiness()).toMatchObject({ ready: true });
  }, 45_000);
});
