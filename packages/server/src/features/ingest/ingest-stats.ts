import type { IngestChannel, IngestCounters, IngestStatsSnapshot } from '@citysoc/core';

const zero = (): IngestCounters => ({ received: 0, accepted: 0, rejected: 0, dropped: 0 });

/** In-memory counters since start, per channel and per log source, for operators and the overview. */
export class IngestStats {
  private readonly since = new Date().toISOString();
  private readonly totals = zero();
  private readonly channels = new Map<string, IngestCounters>();
  private readonly sources = new Map<string, IngestCounters>();

  count(channel: IngestChannel, source: string, kind: keyof IngestCounters, n = 1): void {
    if (n === 0) return;
    this.totals[kind] += n;
    for (const [map, key] of [
      [this.channels, channel],
      [this.sources, source],
    ] as const) {
      let counters = map.get(key);
      if (!counters) {
        counters = zero();
        map.set(key, counters);
      }
      counters[kind] += n;
    }
  }

  snapshot(writer: IngestStatsSnapshot['writer']): IngestStatsSnapshot {
    return {
      since: this.since,
      totals: { ...this.totals },
      channels: Object.fromEntries(this.channels),
      sources: Object.fromEntries(this.sources),
      writer,
    };
  }
}
