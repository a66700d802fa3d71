import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../config.ts';
import { openServices, type Services } from '../main.ts';
import { createLogger } from '../platform/log.ts';

/** Where a command writes: stdout for results (pipeable), stderr for messages to the person. */
export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Runs a command body against the configured store, always closing it. CLI logs go to stderr. */
export async function withServices<T>(work: (services: Services) => Promise<T>, config?: Config): Promise<T> {
  const resolved = config ?? loadConfig();
  const stderr = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      process.stderr.write(chunk, callback);
    },
  });
  const services = await openServices(
    resolved,
    createLogger(resolved.logLevel === 'info' ? 'warn' : resolved.logLevel, stderr),
  );
  try {
    return await work(services);
  } finally {
    await services.close();
  }
}

/** Fixed-width text table for terminals; `--json` prints the objects instead. */
export function formatTable(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const cells = rows.map((row) => columns.map((c) => (row[c] === null || row[c] === undefined ? '-' : String(row[c]))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(columns), ...cells.map(line)].join('\n');
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
