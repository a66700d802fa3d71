import { InputError } from '@citysoc/core';
import type { z } from 'zod';

/** Validates command-line input with the same schema the API uses, naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`);
    throw new InputError(problems.join('; '), problems);
  }
  return result.data;
}
