import { createConnection, type Socket } from 'node:net';
import { AuthenticationError, InputError, NotAllowedError, RateLimitedError, UnavailableError } from '@citysoc/core';
import { connectAsync, type MqttClient } from 'mqtt';
import type { DemoTargets } from './demo-player.ts';

export interface DemoTargetsOptions {
  /** The CitySOC server, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** An API token of scope `ingest`: the bearer token over HTTP and the password on the MQTT broker. */
  token: string;
  /** The syslog TCP listener; null sends syslog lines to `POST /api/ingest` as text/plain instead. */
  syslog: { host: string; port: number } | null;
  /** CitySOC's embedded MQTT broker; null sends device telemetry to `POST /api/ingest` instead. */
  mqtt: { host: string; port: number } | null;
  /** MQTT client id; one per running demo. */
  clientId?: string;
  /** How long one delivery may take before it counts as failed. */
  timeoutMs?: number;
}

/** Real senders for the demo player; `close` disconnects them. */
export interface ClosableDemoTargets extends DemoTargets {
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** The error an ingest answer other than 202 stands for, so the player logs why the city went quiet. */
async function ingestError(response: Response): Promise<Error> {
  const body = (await response.text()).slice(0, 300);
  const message = `POST /api/ingest answered ${response.status}: ${body}`;
  if (response.status === 401) return new AuthenticationError(message);
  if (response.status === 403) return new NotAllowedError(message);
  if (response.status === 429) return new RateLimitedError(message, Number(response.headers.get('retry-after') ?? 1));
  if (response.status === 400) return new InputError(message);
  return new UnavailableError(message);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UnavailableError(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A newline-framed syslog TCP connection, opened on first use and again after the server dropped it. A write
 * resolves when the kernel has taken the bytes, which is as far as plain syslog acknowledges.
 */
function syslogConnection(host: string, port: number, timeoutMs: number) {
  let socket: Socket | null = null;
  let connecting: Promise<Socket> | null = null;

  function connect(): Promise<Socket> {
    connecting ??= new Promise<Socket>((resolve, reject) => {
      const next = createConnection({ host, port });
      next.setTimeout(timeoutMs, () => next.destroy(new UnavailableError(`syslog ${host}:${port} timed out`)));
      next.once('error', reject);
      next.once('connect', () => {
        next.setTimeout(0);
        next.off('error', reject);
        // A broken connection also fails the write in progress; the next write opens a new one.
        next.on('error', () => next.destroy());
        socket = next;
        resolve(next);
      });
      next.on('close', () => {
        if (socket === next) socket = null;
      });
    }).finally(() => {
      connecting = null;
    });
    return connecting;
  }

  return {
    async write(lines: readonly string[]): Promise<void> {
      const target = socket ?? (await connect());
      await new Promise<void>((resolve, reject) =>
        target.write(`${lines.join('\n')}\n`, (error) => (error ? reject(error) : resolve())),
      );
    },
    async close(): Promise<void> {
      const current = socket;
      socket = null;
      if (current === null || current.destroyed) return;
      await new Promise<void>((resolve) => {
        current.once('close', () => resolve());
        current.end();
      });
    },
  };
}

/**
 * Connects the demo to a running CitySOC through its real inputs: `POST /api/ingest` (NDJSON, or text/plain for
 * log lines) with a bearer token, syslog over TCP, and QoS 1 MQTT publishes to the embedded broker with the token
 * as password (PUBACK comes after commit). Fails fast when the broker refuses the token.
 */
export async function createDemoTargets(options: DemoTargetsOptions): Promise<ClosableDemoTargets> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function http(lines: readonly string[], source?: string): Promise<void> {
    if (lines.length === 0) return;
    const url = new URL('/api/ingest', options.baseUrl);
    if (source !== undefined) url.searchParams.set('source', source);
    const json = lines.every((line) => line.trimStart().startsWith('{'));
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.token}`,
        'content-type': json ? 'application/x-ndjson' : 'text/plain',
      },
      body: lines.join('\n'),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 202) throw await ingestError(response);
    const result = (await response.json()) as { rejected?: number; errors?: unknown[] };
    if ((result.rejected ?? 0) > 0) {
      throw new InputError(`${result.rejected} of ${lines.length} demo lines were refused`, result.errors);
    }
  }

  const syslog = options.syslog === null ? null : syslogConnection(options.syslog.host, options.syslog.port, timeoutMs);
  let client: MqttClient | null = null;
  if (options.mqtt !== null) {
    client = await withTimeout(
      connectAsync(
        `mqtt://${options.mqtt.host}:${options.mqtt.port}`,
        {
          clientId: options.clientId ?? 'citysoc-demo',
          username: 'citysoc-demo',
          password: options.token,
          reconnectPeriod: 1000,
          connectTimeout: timeoutMs,
        },
        false,
      ),
      timeoutMs,
      'connecting to the MQTT broker',
    );
  }
  const mqttClient = client;

  return {
    http,
    syslog: (lines) => (syslog === null ? http(lines) : syslog.write(lines)),
    async mqtt(topic, payload) {
      if (mqttClient === null) return http(payload.split('\n'));
      await withTimeout(mqttClient.publishAsync(topic, payload, { qos: 1 }), timeoutMs, `MQTT publish to ${topic}`);
    },
    async close() {
      await Promise.all([syslog?.close(), mqttClient?.endAsync()]);
    },
  };
}
