import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DELIVERY_HEADER, deliverWebhook, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook.ts';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A receiver answering with the given statuses in turn (the last one repeats). */
async function receiver(statuses: number[]): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

const fast = { backoffMs: 1, maxBackoffMs: 5 };

describe('deliverWebhook', () => {
  it('signs the body so the receiver can verify it with the shared secret', async () => {
    const { url, received } = await receiver([204]);
    const result = await deliverWebhook({ url, payload: { incident: 'INC-1' }, secret: 's3cret' }, fast);
    expect(result).toMatchObject({ ok: true, attempts: 1, status: 204, error: null });
    const [call] = received;
    expect(JSON.parse(call?.body ?? '')).toEqual({ incident: 'INC-1' });
    const timestamp = String(call?.headers[TIMESTAMP_HEADER]);
    expect(call?.headers[SIGNATURE_HEADER]).toBe(signWebhook('s3cret', timestamp, call?.body ?? ''));
    expect(call?.headers[SIGNATURE_HEADER]).not.toBe(signWebhook('other', timestamp, call?.body ?? ''));
  });

  it('retries server errors with the same delivery id until one succeeds', async () => {
    const { url, received } = await receiver([503, 500, 200]);
    const retries: number[] = [];
    const result = await deliverWebhook({ url, payload: {} }, { ...fast, onRetry: (attempt) => retries.push(attempt) });
    expect(result).toMatchObject({ ok: true, attempts: 3, status: 200 });
    expect(retries).toEqual([1, 2]);
    expect(new Set(received.map((r) => r.headers[DELIVERY_HEADER])).size).toBe(1);
  });

  it('gives up after the configured attempts and says why', async () => {
    const { url, received } = await receiver([502]);
    const result = await deliverWebhook({ url, payload: {} }, { ...fast, attempts: 3 });
    expect(result).toMatchObject({ ok: false, attempts: 3, status: 502, error: 'HTTP 502' });
    expect(received).toHaveLength(3);
  });

  it('does not retry an answer that will not change (400)', async () => {
    const { url, received } = await receiver([503, 400]);
    const result = await deliverWebhook({ url, payload: {} }, fast);
    expect(result).toMatchObject({ ok: false, attempts: 2, status: 400 });
    expect(received).toHaveLength(2);
  });

  it('reports a receiver that is not there as a network error', async () => {
    const { url } = await receiver([200]);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const result = await deliverWebhook({ url, payload: {} }, { ...fast, attempts: 2 });
    expect(result.ok).toBe(false);
    expect(result.status).toBeNull();
    expect(result.error).toMatch(/fetch failed/);
  });
});
