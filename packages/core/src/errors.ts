/**
 * The closed set of domain errors. Services throw these; the HTTP layer maps each `code` to a status in one
 * place (server `platform/http/error-mapping.ts`) and the CLI maps them to exit codes. Nothing else in the
 * product throws transport-specific errors.
 */
export type ErrorCode =
  'invalid_input' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'rate_limited' | 'unavailable';

/** Base of every domain error: a stable machine-readable `code` and a message safe to show to the caller. */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra structured detail for the caller, e.g. which field failed validation. Never secrets. */
  readonly details: unknown;

  constructor(message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** Raised when input is malformed or violates a rule (bad field, unknown department, cycle, …). */
export class InputError extends DomainError {
  readonly code = 'invalid_input';
}

/**
 * Raised when the caller could not be identified: missing, wrong, expired or revoked credentials.
 * The message never says which of those it was, so it cannot be used to probe for accounts.
 */
export class AuthenticationError extends DomainError {
  readonly code = 'unauthenticated';
}

/** Raised when an identified caller lacks the permission or the department grant for an action. */
export class NotAllowedError extends DomainError {
  readonly code = 'forbidden';
}

/** Raised when the object does not exist, or exists in a department the caller may not see. */
export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

/** Raised when the change conflicts with current state: duplicate id, object still referenced, … */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
}

/** Raised when a caller must slow down (login throttling, ingest backpressure). */
export class RateLimitedError extends DomainError {
  readonly code = 'rate_limited';
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

/** Raised when a dependency (database, bus, broker) cannot serve the request right now. */
export class UnavailableError extends DomainError {
  readonly code = 'unavailable';
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
