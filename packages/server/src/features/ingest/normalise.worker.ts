/**
 * A normalisation thread: parses and normalises batches for the ingest service so that the main thread is
 * left with HTTP, listeners and the store. Started by `startNormaliserPool`; never imported elsewhere.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadLogSources } from './log-sources.loader.ts';
import { normaliseBatch } from './normalise-batch.ts';
import type { NormaliseJob, NormaliseReply, NormaliserWorkerData } from './normaliser-pool.ts';

const port = parentPort;
if (!port) throw new Error('normalise.worker.ts must run as a worker thread');
const { logSourcesDir, maxEventBytes } = workerData as NormaliserWorkerData;
const logSources = await loadLogSources(logSourcesDir);

port.on('message', (job: NormaliseJob) => {
  let reply: NormaliseReply;
  try {
    reply = { id: job.id, result: normaliseBatch(logSources, job.context, job.records, job.ingested, maxEventBytes) };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
