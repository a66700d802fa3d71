/**
 * One anonymisation job on its own thread: the lattice search and recoding of a large CSV take seconds of CPU
 * that would otherwise stall the server's HTTP, ingest and detection. Started by `anonymizeOffThread`, once per
 * job; never imported elsewhere.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '@citysoc/core';
import { anonymizeCsvText, parseSpecYaml } from './anonymization-csv.ts';
import type { AnonymizationWorkerData, AnonymizationWorkerReply } from './anonymization-thread.ts';

const port = parentPort;
if (!port) throw new Error('anonymization.worker.ts must run as a worker thread');
const { spec, csv, key } = workerData as AnonymizationWorkerData;
let reply: AnonymizationWorkerReply;
try {
  const result = anonymizeCsvText(parseSpecYaml(spec, 'spec'), csv, { key: key === null ? null : Buffer.from(key) });
  reply = { result };
} catch (error) {
  reply =
    error instanceof InputError
      ? { inputError: error.message }
      : { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
port.postMessage(reply);
