import { z } from 'zod';
import { type IndicatorEntry } from './indicator-index.ts';
import { MAX_PATTERN_LENGTH, StixPatternError } from './pattern-ast.ts';
import { compileStixPattern } from './pattern-compile.ts';

export const TlpLevel = z.enum(['clear', 'green', 'amber', 'amber+strict', 'red']);
export type TlpLevel = z.infer<typeof TlpLevel>;

/**
 * An indicator as CitySOC stores it, whatever its origin (STIX bundle, MISP event): what to look for as a STIX
 * pattern, plus validity, confidence and decay (score.ts) and sharing restrictions. `suppressedBy` names the
 * MISP warninglist that found it known-benign (kept for the analyst, never matched).
 */
export const IntelIndicator = z.object({
  /** STIX id (`indicator--…`) or `misp:<attribute uuid>` */
  id: z.string().min(1).max(256),
  /** the feed it came from */
  source: z.string().min(1).max(128),
  name: z.string().max(1024).nullable(),
  pattern: z.string().min(1).max(MAX_PATTERN_LENGTH),
  patternVersion: z.enum(['2.0', '2.1']),
  validFrom: z.iso.datetime({ offset: true }).nullable(),
  validUntil: z.iso.datetime({ offset: true }).nullable(),
  lastSeen: z.iso.datetime({ offset: true }).nullable(),
  confidence: z.number().min(0).max(100),
  halfLifeDays: z.number().positive().nullable(),
  tlp: TlpLevel.nullable(),
  tags: z.array(z.string().max(512)),
  suppressedBy: z.string().nullable(),
});
export type IntelIndicator = z.infer<typeof IntelIndicator>;

/** An IntelIndicator compiled for the index, keeping its record. */
export interface PreparedIndicator extends IndicatorEntry {
  readonly record: IntelIndicator;
}

/** Why an indicator is not in the index: invalid pattern text, or a pattern single events cannot decide. */
export interface UnmatchableIndicator {
  readonly id: string;
  readonly reason: string;
  readonly invalid: boolean;
}

const time = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/** Compiles a stored indicator; never throws (an invalid pattern becomes an UnmatchableIndicator). */
export function prepareIndicator(record: IntelIndicator): PreparedIndicator | UnmatchableIndicator {
  let compiled;
  try {
    compiled = compileStixPattern(record.pattern, { specVersion: record.patternVersion });
  } catch (error) {
    if (error instanceof StixPatternError) return { id: record.id, reason: error.message, invalid: true };
    throw error;
  }
  if (!compiled.matchable) return { id: record.id, reason: compiled.reason, invalid: false };
  return {
    id: record.id,
    pattern: compiled,
    validFrom: time(record.validFrom),
    validUntil: time(record.validUntil),
    lastSeen: time(record.lastSeen),
    confidence: record.confidence,
    halfLifeDays: record.halfLifeDays,
    record,
  };
}

export function isPrepared(x: PreparedIndicator | UnmatchableIndicator): x is PreparedIndicator {
  return 'pattern' in x;
}

/** Single-quoted STIX string literal. */
export function stixString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
