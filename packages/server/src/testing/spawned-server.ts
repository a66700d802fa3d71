import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const BIN = fileURLToPath(new URL('../../bin/citysoc.js', import.meta.url));

/** A real `citysoc serve` process on a free port with its own data folder, for end-to-end tests. */
export interface SpawnedServer {
  url: string;
  /** The syslog port (UDP and TCP), when syslog is enabled. */
  syslogPort: number | null;
  /** The embedded MQTT broker's port, when it is enabled. */
  mqttPort: number | null;
  dataDir: string;
  /** Ends the process with a signal without cleaning up (SIGKILL for crash tests). */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Everything the process wrote to stderr so far (announcements, errors). */
  output(): string;
  stop(): Promise<void>;
}

export async function spawnServer(
  env: Record<string, string> = {},
  dataDir = mkdtempSync(path.join(tmpdir(), 'citysoc-e2e-')),
): Promise<SpawnedServer> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    env: {
      PATH: process.env.PATH ?? '',
      CITYSOC_DATA_DIR: dataDir,
      CITYSOC_LOG_LEVEL: 'warn',
      CITYSOC_SYSLOG_PORT: '0',
      CITYSOC_MQTT_BROKER_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout?.resume();
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s:\n${stderr}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /CitySOC \S+ on (http:\/\/\S+)/.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${String(code)}:\n${stderr}`));
    });
  });
  const syslog = /Syslog on \S+ udp\/(\d+)/.exec(stderr);
  const mqtt = /MQTT broker on \S+ tcp\/(\d+)/.exec(stderr);
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  return {
    url,
    syslogPort: syslog?.[1] ? Number(syslog[1]) : null,
    mqttPort: mqtt?.[1] ? Number(mqtt[1]) : null,
    dataDir,
    output: () => stderr,
    kill,
    async stop() {
      await kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs a `citysoc` CLI command against a data folder (e.g. a spawned server's) and returns its stdout, trimmed. */
export async function runCitysoc(dataDir: string, args: readonly string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', CITYSOC_DATA_DIR: dataDir },
  });
  return stdout.trim();
}

/** A new API token of the scope, made with the CLI: the way an administrator would hand one out. */
export function createToken(dataDir: string, scope: string, department?: string): Promise<string> {
  return runCitysoc(dataDir, [
    'tokens',
    'create',
    '--scope',
    scope,
    ...(department ? ['--department', department] : []),
  ]);
}
