import { Worker } from 'node:worker_threads';
import { EMPTY_ENRICHMENT, type EnrichmentIndex, type LogSourceSet, UnavailableError } from '@citysoc/core';
import type { Logger } from '../../platform/log.ts';
import type { IngestContext, IngestRecord } from './ingest.service.ts';
import { type NormalisedBatch, normaliseBatch } from './normalise-batch.ts';

/** Turns a batch of records into rows to store, on this thread or on worker threads. */
export interface Normaliser {
  normalise(context: IngestContext, records: readonly IngestRecord[], ingested: string): Promise<NormalisedBatch>;
  /** Replaces the asset lookups used to enrich events (after every inventory change). */
  setEnrichment(index: EnrichmentIndex): void;
  close(): Promise<void>;
}

export interface NormaliserWorkerData {
  logSourcesDir: string | undefined;
  maxEventBytes: number;
}
export interface NormaliseJob {
  id: number;
  context: IngestContext;
  records: readonly IngestRecord[];
  ingested: string;
}
export type NormaliseReply = { id: number; result: NormalisedBatch } | { id: number; error: string };
/** Messages to a worker: a batch to normalise, or new asset lookups to use from now on. */
export type NormaliserMessage = NormaliseJob | { enrichment: EnrichmentIndex };

export function inThreadNormaliser(logSources: LogSourceSet, maxEventBytes: number): Normaliser {
  const setup = { logSources, maxEventBytes, enrichment: EMPTY_ENRICHMENT };
  return {
    normalise: (context, records, ingested) => Promise.resolve(normaliseBatch(setup, context, records, ingested)),
    setEnrichment(index) {
      setup.enrichment = index;
    },
    close: () => Promise.resolve(),
  };
}

/** Starts the real normaliser on first use, so commands that never ingest never start threads. */
export function lazyNormaliser(start: () => Promise<Normaliser>): Normaliser {
  let started: Promise<Normaliser> | null = null;
  let enrichment: EnrichmentIndex = EMPTY_ENRICHMENT;
  const begin = () =>
    (started ??= start().then((normaliser) => {
      normaliser.setEnrichment(enrichment);
      return normaliser;
    }));
  return {
    normalise: (context, records, ingested) =>
      begin().then((normaliser) => normaliser.normalise(context, records, ingested)),
    setEnrichment(index) {
      enrichment = index;
      void started?.then((normaliser) => normaliser.setEnrichment(index));
    },
    async close() {
      if (started) await (await started).close();
    },
  };
}

interface PooledWorker {
  worker: Worker;
  pending: Map<number, { resolve: (batch: NormalisedBatch) => void; reject: (error: Error) => void }>;
}

const WORKER_FILE = new URL('./normalise.worker.bootstrap.js', import.meta.url);

/**
 * Normalisation on `size` worker threads. Parsing and mapping are most of the CPU an event costs; on their
 * own threads they run beside the store's writer instead of taking turns with it. A job goes to the worker
 * with the fewest jobs in flight; a worker that dies fails its jobs (the senders see 503) and is replaced.
 */
export async function startNormaliserPool(deps: {
  size: number;
  data: NormaliserWorkerData;
  log: Logger;
}): Promise<Normaliser> {
  const { log } = deps;
  let nextId = 0;
  let closing = false;

  const spawn = (): Promise<PooledWorker> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_FILE, { workerData: deps.data });
      const pooled: PooledWorker = { worker, pending: new Map() };
      let ready = false;
      worker.on('message', (message: NormaliseReply | { ready: true }) => {
        if ('ready' in message) {
          ready = true;
          return resolve(pooled);
        }
        const job = pooled.pending.get(message.id);
        pooled.pending.delete(message.id);
        if ('result' in message) job?.resolve(message.result);
        else job?.reject(new Error(`normalisation failed: ${message.error}`));
      });
      worker.once('error', (error) => {
        log.error({ err: error }, 'normalisation worker failed');
        reject(error);
      });
      worker.once('exit', (code) => {
        for (const job of pooled.pending.values()) job.reject(new UnavailableError('Normalisation worker stopped'));
        pooled.pending.clear();
        // A worker that never became ready failed to start: its spawn() rejects instead of looping.
        if (closing || !ready) return;
        log.error({ code }, 'normalisation worker exited; starting a new one');
        const index = workers.indexOf(pooled);
        void spawn().then((replacement) => {
          if (index >= 0 && !closing) {
            workers[index] = replacement;
            replacement.worker.postMessage({ enrichment } satisfies NormaliserMessage);
          } else void replacement.worker.terminate();
        });
      });
    });

  const workers: PooledWorker[] = [];
  workers.push(...(await Promise.all(Array.from({ length: deps.size }, spawn))));
  let enrichment: EnrichmentIndex = EMPTY_ENRICHMENT;

  return {
    normalise(context, records, ingested) {
      if (closing) return Promise.reject(new UnavailableError('Ingest is shutting down'));
      const target = workers.reduce((best, w) => (w.pending.size < best.pending.size ? w : best));
      const id = (nextId += 1);
      return new Promise((resolve, reject) => {
        target.pending.set(id, { resolve, reject });
        target.worker.postMessage({ id, context, records, ingested } satisfies NormaliserMessage);
      });
    },
    setEnrichment(index) {
      // Posted in order with the jobs, so every batch after this one uses the new lookups.
      enrichment = index;
      for (const pooled of workers) pooled.worker.postMessage({ enrichment } satisfies NormaliserMessage);
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
