import { InputError } from '../errors.ts';

const RELATIVE = /^(?:now)?-(\d{1,6})([smhdw])$/;
const UNIT_MS: Readonly<Record<string, number>> = { s: 1e3, m: 60e3, h: 3600e3, d: 86_400e3, w: 604_800e3 };

/**
 * Resolves a time given as ISO-8601 or relative to now (`-15m`, `now-24h`, `now`) to an ISO-8601 UTC string,
 * the form the event store compares. Throws InputError for anything else.
 */
export function resolveTime(value: string, now: Date): string {
  if (value === 'now') return now.toISOString();
  const relative = RELATIVE.exec(value);
  if (relative) {
    return new Date(now.getTime() - Number(relative[1]) * (UNIT_MS[relative[2] as string] as number)).toISOString();
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw new InputError(`'${value}' is not a time (use ISO-8601 or e.g. -15m, -24h, -7d)`);
  return new Date(parsed).toISOString();
}
