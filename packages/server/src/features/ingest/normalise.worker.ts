/**
 * A normalisation thread: parses and normalises batches for the ingest service so that the main thread is
 * left with HTTP, listeners and the store. Started by `startNormaliserPool`; never imported elsewhere.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EMPTY_ENRICHMENT } from '@citysoc/core';
import { loadLogSources } from './log-sources.loader.ts';
import { normaliseBatch } from './normalise-batch.ts';
import type { NormaliseReply, NormaliserMessage, NormaliserWorkerData } from './normaliser-pool.ts';

const port = parentPort;
if (!port) throw new Error('normalise.worker.ts must run as a worker thread');
const { logSourcesDir, maxEventBytes } = workerData as NormaliserWorkerData;
const setup = { logSources: await loadLogSources(logSourcesDir), maxEventBytes, enrichment: EMPTY_ENRICHMENT };

port.on('message', (message: NormaliserMessage) => {
  if ('enrichment' in message) {
    setup.enrichment = message.enrichment;
    return;
  }
  const job = message;
  let reply: NormaliseReply;
  try {
    reply = { id: job.id, result: normaliseBatch(setup, job.context, job.records, job.ingested) };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
