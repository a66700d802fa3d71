import { UnavailableError } from '@citysoc/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from './bus.ts';
import { createMemoryBus } from './memory-bus.ts';
import { connectNatsBus, type NatsBus } from './nats-bus.ts';
import { natsAvailable, startOwnNatsServer, TEST_NATS_URL, uniqueName } from './nats-test-server.ts';

interface BusUnderTest {
  bus: Bus;
  /** Handler failures reported so far. */
  failures: { error: unknown; subject: string }[];
}

interface BusKind {
  kind: 'memory' | 'nats';
  /** Buses of two nodes of one installation: what one publishes, both receive. */
  open(): Promise<[BusUnderTest, BusUnderTest]>;
}

const hasNats = await natsAvailable();

function failures(): BusUnderTest['failures'] {
  return [];
}

const memory: BusKind = {
  kind: 'memory',
  open() {
    // In-process there is one bus per process: both "nodes" are the same bus.
    const seen = failures();
    const bus = createMemoryBus((error, subject) => seen.push({ error, subject }));
    return Promise.resolve([
      { bus, failures: seen },
      { bus, failures: seen },
    ]);
  },
};

const nats: BusKind = {
  kind: 'nats',
  async open() {
    const prefix = uniqueName('bustest');
    const node = async (): Promise<BusUnderTest> => {
      const seen = failures();
      const bus = await connectNatsBus({
        url: TEST_NATS_URL,
        prefix,
        onHandlerError: (error, subject) => seen.push({ error, subject }),
      });
      return { bus, failures: seen };
    };
    return [await node(), await node()];
  },
};

/** Resolves when `check` passes, polling; fails with the last assertion after `ms`. */
async function eventually(check: () => void, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/**
 * Waits until the server has every subscription of the bus: NATS sends them asynchronously, and a message from
 * another connection may otherwise overtake them. (Nodes subscribe at start-up, long before anything is sent.)
 */
async function subscribed(bus: Bus): Promise<void> {
  if (bus.kind === 'nats') await (bus as NatsBus).connection.flush();
}

/** Gives a transport time to deliver what it would (wrongly) deliver, before asserting that nothing came. */
const settle = (kind: BusKind) => new Promise((resolve) => setTimeout(resolve, kind.kind === 'nats' ? 150 : 5));

const kinds = [memory, ...(hasNats ? [nats] : [])];

describe.each(kinds)('the bus contract on $kind', (kind) => {
  let a: BusUnderTest;
  let b: BusUnderTest;
  beforeAll(async () => {
    [a, b] = await kind.open();
  });
  afterAll(async () => {
    await a.bus.close();
    await b.bus.close();
  });

  it('delivers a JSON message to a subscriber of the subject, on every node', async () => {
    const got: [string, unknown][] = [];
    const stop = b.bus.subscribe('inventory.changed', (message, subject) => void got.push([subject, message]));
    await subscribed(b.bus);
    const message = { ids: ['a-1', 'a-2'], nested: { n: 3, flag: true, none: null } };
    await a.bus.publish('inventory.changed', message);
    await eventually(() => expect(got).toEqual([['inventory.changed', message]]));
    stop();
  });

  it('delivers every subject under a prefix to a `.>` subscriber, and only those', async () => {
    const got: string[] = [];
    const stop = b.bus.subscribe('audit.>', (_message, subject) => void got.push(subject));
    await subscribed(b.bus);
    await a.bus.publish('audit.appended', { seq: 1 });
    await a.bus.publish('audits', {});
    await a.bus.publish('alerts.raised', { count: 1 });
    await a.bus.publish('audit.verified.ok', {});
    await eventually(() => expect(got.sort()).toEqual(['audit.appended', 'audit.verified.ok']));
    await settle(kind);
    expect(got).toHaveLength(2);
    stop();
  });

  it('stops delivering once unsubscribed', async () => {
    const got: unknown[] = [];
    const stop = b.bus.subscribe('stance.changed', (message) => void got.push(message));
    await subscribed(b.bus);
    await a.bus.publish('stance.changed', 1);
    await eventually(() => expect(got).toEqual([1]));
    stop();
    await subscribed(b.bus);
    await a.bus.publish('stance.changed', 2);
    await settle(kind);
    expect(got).toEqual([1]);
  });

  it('reports a failing subscriber without failing the publisher or the other subscribers', async () => {
    const got: unknown[] = [];
    const stopFailing = b.bus.subscribe('rules.changed', () => Promise.reject(new Error('cache rebuild failed')));
    const stopOther = b.bus.subscribe('rules.changed', (message) => void got.push(message));
    await subscribed(b.bus);
    await expect(a.bus.publish('rules.changed', { version: 7 })).resolves.toBeUndefined();
    await eventually(() => {
      expect(got).toEqual([{ version: 7 }]);
      expect(b.failures.map((f) => [f.subject, (f.error as Error).message])).toEqual([
        ['rules.changed', 'cache rebuild failed'],
      ]);
    });
    stopFailing();
    stopOther();
  });

  it('is connected until closed, then refuses to publish', async () => {
    const [c] = await kind.open();
    expect(c.bus.connected()).toBe(true);
    await c.bus.close();
    expect(c.bus.connected()).toBe(false);
    await expect(c.bus.publish('anything', {})).rejects.toThrow(/closed/);
  });
});

describe.runIf(hasNats)('the NATS bus across a server restart', () => {
  let server: Awaited<ReturnType<typeof startOwnNatsServer>>;
  beforeAll(async () => {
    server = await startOwnNatsServer();
  });
  afterAll(() => server.dispose());
  const opened: Bus[] = [];
  afterEach(async () => {
    await server.start().catch(() => undefined);
    await Promise.all(opened.splice(0).map((bus) => bus.close()));
  });

  it('keeps separate installations apart by subject prefix', async () => {
    const one = await connectNatsBus({ url: server.url, prefix: uniqueName('one'), onHandlerError: () => {} });
    const two = await connectNatsBus({ url: server.url, prefix: uniqueName('two'), onHandlerError: () => {} });
    opened.push(one, two);
    const got: unknown[] = [];
    two.subscribe('>', (message) => void got.push(message));
    await subscribed(two);
    await one.publish('departments.changed', {});
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(got).toEqual([]);
  });

  it('holds what is published while disconnected and delivers it after the reconnect', async () => {
    const statuses: string[] = [];
    const bus = await connectNatsBus({
      url: server.url,
      prefix: uniqueName('reconnect'),
      onHandlerError: () => {},
      onStatus: (status) => statuses.push(status),
    });
    opened.push(bus);
    const got: unknown[] = [];
    bus.subscribe('inventory.changed', (message) => void got.push(message));
    await subscribed(bus);
    await server.stop();
    await eventually(() => expect(bus.connected()).toBe(false), 5000);
    await bus.publish('inventory.changed', { while: 'down' });
    await server.start();
    await eventually(() => expect(got).toEqual([{ while: 'down' }]), 8000);
    expect(bus.connected()).toBe(true);
    expect(statuses).toEqual(['disconnected', 'reconnected']);
  });

  it('refuses with UnavailableError once its hold is full while disconnected', async () => {
    const bus = await connectNatsBus({
      url: server.url,
      prefix: uniqueName('full'),
      maxBuffered: 2,
      onHandlerError: () => {},
    });
    opened.push(bus);
    await server.stop();
    await eventually(() => expect(bus.connected()).toBe(false), 5000);
    await bus.publish('a', 1);
    await bus.publish('a', 2);
    const refused = bus.publish('a', 3);
    await expect(refused).rejects.toBeInstanceOf(UnavailableError);
    await expect(refused).rejects.toThrow(/disconnected and already holds 2 messages/);
  });
});
