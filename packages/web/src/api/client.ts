/**
 * The one place where the dashboard talks HTTP to the CitySOC server. It adds what every request needs
 * (same-origin cookie, JSON content type, CSRF token on state-changing requests), turns the server's
 * `{error: {code, message, details?}}` body into an ApiError, and parses every success body with the
 * caller's parser, so no unchecked server data reaches a component.
 */

/** Raised for every failed request: HTTP errors carry the server's code and message; network failures have status 0. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Turns an unchecked JSON body into a typed value, throwing when it does not have the expected shape. */
export type Parse<T> = (json: unknown) => T;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

// Module state rather than React state: the token and the handler are needed by plain functions that run
// outside any component, and both change only at login, logout or session expiry.
let csrfToken: string | null = null;
let onUnauthenticated: () => void = () => undefined;

/** Remembers the session's CSRF token, echoed in X-CSRF-Token on every POST, PUT, PATCH and DELETE. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any request other than login gets a 401: the session expired or was ended elsewhere. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const fallback = `The server answered ${response.status} ${response.statusText}`.trim();
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's HTML error page, an empty body): the status line is all we can report.
  }
  const error = isRecord(body) ? body['error'] : undefined;
  if (!isRecord(error)) return new ApiError(response.status, 'http_error', fallback);
  const code = typeof error['code'] === 'string' ? error['code'] : 'http_error';
  const message = typeof error['message'] === 'string' && error['message'] !== '' ? error['message'] : fallback;
  return new ApiError(response.status, code, message, error['details']);
}

/**
 * A request body sent as it is, not as JSON: an inventory file is posted as YAML text so that the server's
 * refusals name the lines of the file the user wrote (JSON is YAML, so a JSON file goes the same way).
 */
export class TextBody {
  readonly text: string;
  readonly contentType: string;

  constructor(text: string, contentType: string) {
    this.text = text;
    this.contentType = contentType;
  }
}

/** A request body of raw bytes (an evidence file), sent as it is with its own content type. */
export class BinaryBody {
  readonly data: Blob;
  readonly contentType: string;

  constructor(data: Blob, contentType: string) {
    this.data = data;
    this.contentType = contentType;
  }
}

async function send(method: Method, path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) {
    headers['content-type'] =
      body instanceof TextBody || body instanceof BinaryBody ? body.contentType : 'application/json';
  }
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body instanceof BinaryBody) init.body = body.data;
  else if (body !== undefined) init.body = body instanceof TextBody ? body.text : JSON.stringify(body);
  try {
    return await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the CitySOC server. Check the connection and try again.');
  }
}

/** Sends one request and returns the parsed body; throws ApiError on any failure. */
export async function request<T>(method: Method, path: string, parse: Parse<T>, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  if (!response.ok) {
    const error = await errorFrom(response);
    // A failed login is a wrong password, not an ended session: the login page shows it itself.
    if (response.status === 401 && path !== '/api/auth/login') onUnauthenticated();
    throw error;
  }
  if (response.status === 204) return parse(null);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ApiError(response.status, 'malformed_response', 'The server sent a response that is not JSON.');
  }
  try {
    return parse(json);
  } catch {
    throw new ApiError(
      response.status,
      'malformed_response',
      `The server's answer to ${method} ${path} has an unexpected shape.`,
    );
  }
}

/** Parser for 204 responses and for calls whose body the dashboard does not use. */
export const ignoreBody: Parse<void> = () => undefined;

/** Any thrown value as an ApiError, so components show one kind of error; bugs in our own code included. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError(0, 'client_error', `Unexpected error in the dashboard: ${message}`);
}
