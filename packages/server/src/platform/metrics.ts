import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IngestStatsSnapshot } from '@citysoc/core';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Figures read at scrape time from the parts that already keep them (ingest counters, detection status), so the
 * hot paths keep one set of counters and the metrics never disagree with `/api/ingest/stats`.
 */
export interface MetricsSources {
  ingest(): IngestStatsSnapshot;
  /** Events stored by this node since start (the ingest writer, or a detect node's stream consumer). */
  storedEvents(): number;
  /** Events accepted but not yet run through detection; null when this node does not run detection. */
  detectionLag(): Promise<number | null>;
  /** Event stream partitions this node consumes (cluster detect role); null otherwise. */
  ownedPartitions(): number | null;
  /** Events waiting or unacknowledged per durable consumer of the event stream (cluster mode); empty otherwise. */
  consumerLag(): Promise<Record<string, number>>;
}

/**
 * This node's Prometheus metrics. One registry per opened set of services (not prom-client's global one), so
 * several servers in one process (tests) do not share counters. Names follow Prometheus conventions:
 * `_total` counters, `_seconds` histograms, `citysoc_` prefix.
 */
export interface Metrics {
  readonly registry: Registry;
  /** A group commit of `rows` events that took `ms` milliseconds (embedded writer or stream consumer). */
  observeCommit(rows: number, ms: number): void;
  /** A message this node published (`out`) or received (`in`) on the bus. */
  countBusMessage(direction: 'in' | 'out', subject: string): void;
  /** Alerts raised by this node's detection (before deduplication by rule and event). */
  countAlerts(n: number): void;
  /** Whether this node runs the city-wide jobs: an api node, in a cluster the one that leads. */
  observeLeadership(leader: boolean): void;
  /** Where the scrape-time figures come from; set once the services exist. */
  bind(sources: MetricsSources): void;
  /** Adds the process figures (CPU, memory, event-loop lag, GC): only for a node that serves its metrics. */
  collectProcessMetrics(): void;
  render(): Promise<string>;
  readonly contentType: string;
}

const OUTCOMES = ['received', 'accepted', 'rejected', 'dropped'] as const;

export function createMetrics(): Metrics {
  const registry = new Registry();
  let sources: MetricsSources | null = null;
  let processMetrics = false;

  new Counter({
    name: 'citysoc_ingest_events_total',
    help: 'Events received by this node, by log source and outcome (received, accepted, rejected, dropped)',
    labelNames: ['source', 'outcome'],
    registers: [registry],
    collect() {
      if (!sources) return;
      this.reset();
      for (const [source, counters] of Object.entries(sources.ingest().sources)) {
        for (const outcome of OUTCOMES) this.inc({ source, outcome }, counters[outcome]);
      }
    },
  });
  new Counter({
    name: 'citysoc_ingest_channel_events_total',
    help: 'Events received by this node, by channel (http, syslog-udp, syslog-tcp, mqtt, file) and outcome',
    labelNames: ['channel', 'outcome'],
    registers: [registry],
    collect() {
      if (!sources) return;
      this.reset();
      for (const [channel, counters] of Object.entries(sources.ingest().channels)) {
        for (const outcome of OUTCOMES) this.inc({ channel, outcome }, counters[outcome]);
      }
    },
  });
  new Gauge({
    name: 'citysoc_ingest_queue_events',
    help: 'Events taken by ingest and waiting for their commit (or stream acknowledgement)',
    registers: [registry],
    collect() {
      if (sources) this.set(sources.ingest().writer.queuedEvents);
    },
  });
  new Counter({
    name: 'citysoc_events_stored_total',
    help: 'Events this node committed to the event store',
    registers: [registry],
    collect() {
      if (!sources) return;
      this.reset();
      this.inc(sources.storedEvents());
    },
  });
  const commitSeconds = new Histogram({
    name: 'citysoc_event_commit_seconds',
    help: 'Duration of one group commit of events',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const commitBatch = new Histogram({
    name: 'citysoc_event_commit_batch_events',
    help: 'Events per group commit',
    buckets: [1, 10, 100, 500, 1000, 2500, 5000, 10000],
    registers: [registry],
  });
  const alerts = new Counter({
    name: 'citysoc_alerts_raised_total',
    help: "Alerts raised by this node's detection, before deduplication by rule and event",
    registers: [registry],
  });
  new Gauge({
    name: 'citysoc_detection_lag_events',
    help: 'Events stored or accepted but not yet run through detection',
    registers: [registry],
    async collect() {
      const lag = sources ? await sources.detectionLag() : null;
      if (lag !== null) this.set(lag);
    },
  });
  new Gauge({
    name: 'citysoc_stream_consumer_lag_events',
    help: 'Events of the event stream not yet stored and acknowledged, per durable consumer (one per partition)',
    labelNames: ['consumer'],
    registers: [registry],
    async collect() {
      if (!sources) return;
      this.reset();
      for (const [consumer, lag] of Object.entries(await sources.consumerLag())) this.set({ consumer }, lag);
    },
  });
  new Gauge({
    name: 'citysoc_stream_partitions_owned',
    help: 'Event stream partitions this detect node consumes (cluster mode)',
    registers: [registry],
    collect() {
      const owned = sources ? sources.ownedPartitions() : null;
      if (owned !== null) this.set(owned);
    },
  });
  const leadership = new Gauge({
    name: 'citysoc_city_jobs_leader',
    help: 'Whether this node runs the city-wide jobs (1) or not (0: no api role, or an api node waiting as a follower)',
    registers: [registry],
  });
  const busMessages = new Counter({
    name: 'citysoc_bus_messages_total',
    help: 'Bus messages published (out) and delivered to subscribers (in) on this node, by subject',
    labelNames: ['direction', 'subject'],
    registers: [registry],
  });

  return {
    registry,
    contentType: registry.contentType,
    observeCommit(rows, ms) {
      commitSeconds.observe(ms / 1000);
      commitBatch.observe(rows);
    },
    countBusMessage(direction, subject) {
      busMessages.inc({ direction, subject });
    },
    observeLeadership(leader) {
      leadership.set(leader ? 1 : 0);
    },
    countAlerts(n) {
      if (n > 0) alerts.inc(n);
    },
    bind(next) {
      sources = next;
    },
    collectProcessMetrics() {
      if (processMetrics) return;
      processMetrics = true;
      collectDefaultMetrics({ register: registry });
    },
    render: () => registry.metrics(),
  };
}

export interface MetricsServer {
  /** `http://host:port/metrics` */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` on its own listener. The metrics carry no secrets but do describe the city's traffic
 * (log sources, volumes), so they are not on the public port: the listener binds to loopback by default and a
 * Prometheus on another machine is given access by binding it to an internal address (CITYSOC_METRICS_HOST).
 */
export async function serveMetrics(metrics: Metrics, options: { host: string; port: number }): Promise<MetricsServer> {
  metrics.collectProcessMetrics();
  const server: Server = createServer((request, response) => {
    const pathname = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' || pathname !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: metrics are at /metrics\n');
      return;
    }
    metrics.render().then(
      (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      (error: unknown) =>
        response
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
