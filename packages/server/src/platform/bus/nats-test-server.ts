import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The NATS server the integration tests use (the machine's, started by `.ci/run` in CI). */
export const TEST_NATS_URL = process.env.CITYSOC_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 4222) });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * Whether the NATS tests run. Outside CI a developer without NATS skips them; in CI (`CI` set) they always run,
 * so a missing server fails the build instead of silently skipping.
 */
export async function natsAvailable(): Promise<boolean> {
  if (process.env.CI) return true;
  return reachable(TEST_NATS_URL);
}

/** A name no other test run uses, for streams, consumers and subject prefixes. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A private `nats-server` process that a test may stop and start again on the same port (reconnect tests). */
export interface OwnNatsServer {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startOwnNatsServer(options: { jetstream?: boolean } = {}): Promise<OwnNatsServer> {
  const port = await freePort();
  const storeDir = mkdtempSync(path.join(tmpdir(), 'citysoc-nats-'));
  const url = `nats://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  async function start() {
    if (child && child.exitCode === null) return;
    const args = ['-a', '127.0.0.1', '-p', String(port), ...(options.jetstream ? ['-js', '-sd', storeDir] : [])];
    const proc = spawn('nats-server', args, { stdio: 'ignore' });
    child = proc;
    const deadline = Date.now() + 10_000;
    while (!(await reachable(url))) {
      if (proc.exitCode !== null) throw new Error(`nats-server exited with ${proc.exitCode}`);
      if (Date.now() > deadline) throw new Error('nats-server did not start in 10 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  async function stop() {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  }
  await start();
  return {
    url,
    start,
    stop,
    async dispose() {
      await stop();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
