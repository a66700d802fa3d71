import type { Config, NodeRole } from '../config.ts';
import type { DetectionService } from '../features/detection/index.ts';
import type { EventSink, IngestService } from '../features/ingest/index.ts';
import type { Bus } from '../platform/bus/bus.ts';
import { instrumentBus } from '../platform/bus/instrumented-bus.ts';
import { createMemoryBus } from '../platform/bus/memory-bus.ts';
import { connectNatsBus, type NatsBus } from '../platform/bus/nats-bus.ts';
import type { Logger } from '../platform/log.ts';
import type { Metrics } from '../platform/metrics.ts';
import { openEventStream } from './event-stream.ts';
import { type StreamDetection, startStreamDetection } from './stream-detection.ts';

/**
 * What makes a node part of a cluster: the JetStream event stream between its ingest and detect roles. Built by
 * `openServices` when the bus is NATS; the embedded mode has none and keeps its in-process path.
 */
export interface ClusterNode {
  readonly roles: readonly NodeRole[];
  /** Where this node's ingest puts accepted events (null when it does not ingest). */
  readonly sink: EventSink | null;
  /** Starts taking events from the stream into the store and detection (the detect role). */
  startDetection(deps: { detection: DetectionService; bus: Bus }): Promise<void>;
  /** Events stored by this node's detect role since start. */
  storedEvents(): number;
  /** Partitions of the event stream this node's detect role consumes now (null when it does not detect). */
  ownedPartitions(): number | null;
  /** Events in the stream not yet stored and detected by any detect node, per partition's consumer. */
  lag(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function openClusterNode(deps: {
  bus: NatsBus;
  config: Config;
  log: Logger;
  metrics: Metrics;
}): Promise<ClusterNode> {
  const { bus, config, log, metrics } = deps;
  const stream = await openEventStream(bus.connection, {
    prefix: config.busPrefix,
    partitions: config.eventPartitions,
    ackWaitMs: config.eventAckWaitSeconds * 1000,
    maxQueuedEvents: config.ingestMaxQueuedEvents,
    connected: () => bus.connected(),
  });
  const sink = config.roles.includes('ingest') ? stream.createSink() : null;
  let detecting: StreamDetection | null = null;
  return {
    roles: config.roles,
    sink,
    async startDetection({ detection, bus: nodeBus }) {
      detecting ??= await startStreamDetection({
        stream,
        detection,
        bus: nodeBus,
        log,
        maxBatchEvents: Math.min(config.ingestMaxBatchEvents, 2000),
        onCommit: (events, ms) => metrics.observeCommit(events, ms),
      });
    },
    storedEvents: () => detecting?.storedEvents() ?? 0,
    ownedPartitions: () => detecting?.owned().length ?? null,
    lag: () => stream.lag(),
    async close() {
      await sink?.close();
      await detecting?.stop();
    },
  };
}

/**
 * The node's bus, instrumented for the metrics: in-process without a bus URL (embedded mode), otherwise NATS
 * with the cluster's event stream beside it.
 */
export async function openNodeBus(deps: {
  config: Config;
  log: Logger;
  metrics: Metrics;
}): Promise<{ bus: Bus; cluster: ClusterNode | null }> {
  const { config, log, metrics } = deps;
  const onHandlerError = (error: unknown, subject: string) =>
    log.error({ err: error, subject }, 'bus subscriber failed');
  if (config.busUrl === '') return { bus: instrumentBus(createMemoryBus(onHandlerError), metrics), cluster: null };
  const nats = await connectNatsBus({
    url: config.busUrl,
    prefix: config.busPrefix,
    name: `citysoc-${config.roles.join('+')}`,
    onHandlerError,
    onStatus: (status) => log.warn({ bus: config.busUrl }, `NATS bus ${status}`),
  });
  try {
    const cluster = await openClusterNode({ bus: nats, config, log, metrics });
    return { bus: instrumentBus(nats, metrics), cluster };
  } catch (error) {
    await nats.close();
    throw error;
  }
}

/** Where this node's metrics read their figures: the local writer and checkpoint, or the cluster's stream. */
export function bindNodeMetrics(
  metrics: Metrics,
  deps: { ingest: IngestService; detection: DetectionService; cluster: ClusterNode | null },
): void {
  const { ingest, detection, cluster } = deps;
  metrics.bind({
    ingest: () => ingest.stats(),
    storedEvents: () => (cluster ? cluster.storedEvents() : ingest.stats().writer.committedEvents),
    detectionLag: async () =>
      cluster ? Object.values(await cluster.lag()).reduce((a, b) => a + b, 0) : (await detection.status()).lag,
    ownedPartitions: () => cluster?.ownedPartitions() ?? null,
    consumerLag: () => (cluster ? cluster.lag() : Promise.resolve({})),
  });
}
