import { parseIsoTimestamp } from '../log-sources/timestamp.ts';
import type { SigmaEvent } from './types.ts';

/**
 * Where an event's time is looked for, first found wins: ECS `@timestamp`, then the time fields of the sources
 * CitySOC reads — generic `timestamp`, the Windows XML `TimeCreated SystemTime` (flattened by `flattenEvent`, or
 * as a dotted path when it is not), Sysmon's `UtcTime`, and Zeek's `ts` (epoch seconds).
 */
const TIME_FIELDS = [
  '@timestamp',
  'timestamp',
  'TimeCreated_SystemTime',
  'Event.System.TimeCreated.#attributes.SystemTime',
  'TimeCreated',
  'UtcTime',
  'ts',
] as const;

/** Epoch numbers below 1e11 can only be seconds (1e11 s is the year 5138); larger ones are milliseconds. */
function fromNumber(n: number): number | null {
  if (!Number.isFinite(n) || n < 0) return null;
  return Math.round(Math.abs(n) < 1e11 ? n * 1000 : n);
}

function toMillis(value: unknown): number | null {
  if (typeof value === 'number') return fromNumber(value);
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return fromNumber(Number(text));
  const iso = parseIsoTimestamp(text);
  return iso === null ? null : Date.parse(iso);
}

/**
 * The time of an event for correlation windows, in epoch milliseconds, or null when no time field holds a
 * readable time. ISO-8601 without an offset is UTC (as at ingest). The one place correlation time is decided.
 */
export function eventTime(event: SigmaEvent): number | null {
  for (const field of TIME_FIELDS) {
    const value = event.get(field);
    if (value === undefined || value === null) continue;
    const ms = toMillis(value);
    if (ms !== null) return ms;
  }
  return null;
}
