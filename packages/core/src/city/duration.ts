import ms from 'ms';
import { z } from 'zod';

const UNITS: readonly (readonly [string, number])[] = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

/**
 * A duration written the way operators write them in inventory files ("60s", "15m", "4h", "2d"), held as whole
 * seconds. Parsing is `ms`'s; formatting is exact (largest unit that divides evenly) because `ms` rounds
 * ("90s" would come back as "2m") and an export must import back to the same value.
 */
export const DurationSeconds = z.union([z.string().trim().min(1).max(32), z.number()]).transform((value, ctx) => {
  const millis = typeof value === 'number' ? value * 1000 : ms(value as ms.StringValue);
  if (typeof millis !== 'number' || !Number.isFinite(millis) || millis <= 0 || millis % 1000 !== 0) {
    ctx.addIssue({ code: 'custom', message: `'${value}' is not a duration such as 60s, 15m, 4h or 2d` });
    return z.NEVER;
  }
  return millis / 1000;
});

export function formatDuration(seconds: number): string {
  for (const [unit, size] of UNITS) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
