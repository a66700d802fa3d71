import { Worker } from 'node:worker_threads';
import { InputError } from '@citysoc/core';
import type { AnonymizedText } from './anonymization-csv.ts';

export interface AnonymizationWorkerData {
  /** The spec as YAML text. */
  spec: string;
  csv: string;
  key: Uint8Array | null;
}

export type AnonymizationWorkerReply = { result: AnonymizedText } | { inputError: string } | { error: string };

const WORKER_FILE = new URL('./anonymization.worker.bootstrap.js', import.meta.url);

/**
 * Runs one anonymisation on a worker thread and resolves with its result; rejects with InputError for a spec or
 * file the anonymiser refuses to read (as the in-thread run throws), and with Error when the thread dies.
 */
export function anonymizeOffThread(data: AnonymizationWorkerData): Promise<AnonymizedText> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: data });
    let settled = false;
    worker.once('message', (reply: AnonymizationWorkerReply) => {
      settled = true;
      if ('result' in reply) resolve(reply.result);
      else if ('inputError' in reply) reject(new InputError(reply.inputError));
      else reject(new Error(`anonymisation failed: ${reply.error}`));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the anonymisation thread exited with code ${code} before answering`));
    });
  });
}
