import { describe, expect, it } from 'vitest';
import { ConflictError, InputError, isDomainError, RateLimitedError } from './errors.ts';

describe('domain errors', () => {
  it('carry a stable code and their own class name', () => {
    const error = new ConflictError('exists');
    expect(error.code).toBe('conflict');
    expect(error.name).toBe('ConflictError');
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(new Error('plain'))).toBe(false);
  });

  it('keep structured details for the caller', () => {
    expect(new InputError('bad', [{ field: 'id' }]).details).toEqual([{ field: 'id' }]);
  });

  it('round a retry-after delay up to whole seconds, never below one', () => {
    expect(new RateLimitedError('slow down', 0.2).retryAfterSeconds).toBe(1);
    expect(new RateLimitedError('slow down', 61.5).retryAfterSeconds).toBe(62);
  });
});
