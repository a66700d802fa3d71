import { type ErrorCode, isDomainError, RateLimitedError } from '@citysoc/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { storeUnavailable } from '../db/availability-errors.ts';

/** Seconds a client is asked to wait while the database is unreachable (a restart takes a few). */
const DATABASE_RETRY_AFTER_SECONDS = 5;

const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

/** Errors raised by Fastify itself before a handler runs, mapped to our error codes. */
const FASTIFY_ERRORS: Readonly<Record<string, { status: number; code: string; message?: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_input' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', message: 'Request body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json' },
};

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * The one place where errors become HTTP responses: `{error: {code, message, details?}}` with a 4xx for
 * anything the caller can fix, 5xx (logged, message hidden) for everything else.
 */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const send = (status: number, body: ErrorBody['error']) => reply.status(status).send({ error: body });

  if (isDomainError(error)) {
    if (error instanceof RateLimitedError) void reply.header('retry-after', String(error.retryAfterSeconds));
    const body = { code: error.code, message: error.message };
    return send(STATUS_BY_CODE[error.code], error.details === undefined ? body : { ...body, details: error.details });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((v) => ({
      path: `${error.validationContext ?? ''}${v.instancePath}`,
      message: v.message ?? 'invalid',
    }));
    const summary = details.map((d) => `${d.path}: ${d.message}`).join('; ');
    return send(400, { code: 'invalid_input', message: `Invalid request: ${summary}`, details });
  }
  const fastifyError = error as Partial<FastifyError>;
  const known = fastifyError.code ? FASTIFY_ERRORS[fastifyError.code] : undefined;
  if (known) return send(known.status, { code: known.code, message: known.message ?? fastifyError.message ?? '' });
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return send(400, { code: 'malformed_json', message: `Malformed JSON: ${error.message}` });
  }
  if (storeUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    return send(503, { code: 'unavailable', message: 'The database is unavailable; retry shortly' });
  }
  const status = fastifyError.statusCode;
  if (status === 429) {
    return send(429, { code: 'rate_limited', message: fastifyError.message ?? 'Too many requests' });
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return send(status, { code: 'bad_request', message: fastifyError.message ?? 'Bad request' });
  }
  request.log.error({ err: error }, 'unhandled error');
  return send(500, { code: 'internal', message: 'Internal error; the server log has the details' });
}
