import { createHmac, randomUUID } from 'node:crypto';

/**
 * Outbound webhooks (playbook response integrations, notification channels). The receiver can check that a
 * call came from this CitySOC and was not replayed: the body is signed with HMAC-SHA256 over
 * `<timestamp>.<body>` with the endpoint's shared secret, sent as `X-CitySOC-Signature: sha256=<hex>` with
 * `X-CitySOC-Timestamp` (Unix seconds) and a `X-CitySOC-Delivery` id that stays the same across retries so the
 * receiver can drop duplicates. Failures that may pass (network errors, timeouts, 408, 429, 5xx) are retried
 * with exponential back-off and jitter, honouring `Retry-After`; other 4xx answers are final.
 */
export interface WebhookRequest {
  url: string;
  /** Sent as JSON. */
  payload: unknown;
  /** Shared secret for the signature; unsigned when absent. */
  secret?: string;
  headers?: Record<string, string>;
}

export interface WebhookOptions {
  /** Total tries including the first (default 5). */
  attempts?: number;
  /** First back-off delay (default 1 s), doubled per retry, capped at `maxBackoffMs` (default 60 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Per-attempt time limit (default 10 s). */
  timeoutMs?: number;
  /** Called before each retry; lets callers put attempts on a timeline. */
  onRetry?: (attempt: number, reason: string, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

export interface WebhookResult {
  ok: boolean;
  deliveryId: string;
  attempts: number;
  /** HTTP status of the last answer, null when none came. */
  status: number | null;
  /** Why the last attempt failed, null when it succeeded. */
  error: string | null;
}

export const SIGNATURE_HEADER = 'x-citysoc-signature';
export const TIMESTAMP_HEADER = 'x-citysoc-timestamp';
export const DELIVERY_HEADER = 'x-citysoc-delivery';

/** `sha256=<hex>` of `<timestamp>.<body>`; exported so receivers (and tests) verify the same way. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

export async function deliverWebhook(request: WebhookRequest, options: WebhookOptions = {}): Promise<WebhookResult> {
  const attempts = Math.max(1, options.attempts ?? 5);
  const backoffMs = options.backoffMs ?? 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deliveryId = randomUUID();
  const body = JSON.stringify(request.payload);
  let status: number | null = null;
  let error = 'not attempted';
  let made = 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    made = attempt;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'CitySOC-Webhook/1',
      ...request.headers,
      [DELIVERY_HEADER]: deliveryId,
      [TIMESTAMP_HEADER]: timestamp,
    };
    if (request.secret !== undefined) headers[SIGNATURE_HEADER] = signWebhook(request.secret, timestamp, body);
    let retryAfterMs: number | null = null;
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      await response.body?.cancel();
      if (response.ok) return { ok: true, deliveryId, attempts: attempt, status, error: null };
      error = `HTTP ${response.status}`;
      if (!RETRYABLE_STATUS.has(response.status)) break;
      retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    } catch (failure) {
      status = null;
      error = failure instanceof Error ? describeFetchError(failure) : String(failure);
    }
    if (attempt === attempts) break;
    const exponential = Math.min(maxBackoffMs, backoffMs * 2 ** (attempt - 1));
    // Jitter spreads retries from many playbook runs so a recovering receiver is not hit all at once.
    const delay = Math.min(maxBackoffMs, Math.max(retryAfterMs ?? 0, exponential * (0.5 + Math.random() / 2)));
    options.onRetry?.(attempt, error, delay);
    await sleep(delay);
  }
  return { ok: false, deliveryId, attempts: made, status, error };
}

function parseRetryAfter(value: string | null): number | null {
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function describeFetchError(error: Error): string {
  if (error.name === 'TimeoutError') return 'timed out';
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}
