import { type StancePolicy, StancePolicy as StancePolicySchema } from '../policy.ts';
import { quietStanceSignals, type StanceSignals } from '../signals.ts';

/** Quiet signals changed by `change`: one line per test says what is happening in the city. */
export function signalsWith(change: (signals: StanceSignals) => void = () => {}): StanceSignals {
  const signals = quietStanceSignals();
  change(signals);
  return signals;
}

/** A policy with only what a test cares about; the rest takes the schema's defaults. */
export function policy(id: string, level: number, fields: Record<string, unknown> = {}): StancePolicy {
  return StancePolicySchema.parse({ id, file: `${id}.yml`, level, title: id, description: id, ...fields });
}

export const HOUR = 3_600_000;

/** `base` plus `hours`, for readable timelines. */
export function at(base: Date, hours: number): Date {
  return new Date(base.getTime() + hours * HOUR);
}
