import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Config } from '../config.ts';

const BIN = fileURLToPath(new URL('../../bin/citysoc.js', import.meta.url));
const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `citysoc` binary as a separate process against a test database, as an operator would, with
 * an optional stdin. A non-zero exit is a result to assert on, not an exception.
 */
export async function runCli(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  args: readonly string[],
  input?: string,
): Promise<CliResult> {
  const env = {
    PATH: process.env.PATH ?? '',
    CITYSOC_DATA_DIR: config.dataDir,
    CITYSOC_DATABASE_URL: config.databaseUrl,
  };
  const child = run(process.execPath, [BIN, ...args], { env, maxBuffer: 64 * 1024 * 1024 });
  child.child.stdin?.end(input);
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
