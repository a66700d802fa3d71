import type { StixObject } from '@citysoc/core';
import { assessStixPattern, stixTlp } from '@citysoc/core';
import type { IndicatorsTable } from '../../platform/db/schema.ts';

export interface IndicatorRowOptions {
  /** Confidence (0–100) for indicators that carry none; default 50. */
  confidence?: number;
  /** Validity in days for indicators without valid_until, counted from valid_from. */
  validDays?: number;
}

const DAY_MS = 86_400_000;

/**
 * The indicator rows of the indicator objects among `objects`: STIX patterns are assessed (matchable or not,
 * with the reason), other pattern languages (Snort, YARA, Sigma) are kept but marked not matchable here.
 */
export function indicatorRows(
  objects: readonly StixObject[],
  options: IndicatorRowOptions & { source: string; at: string },
): { rows: IndicatorsTable[]; errors: { index: number; id: string; reason: string }[] } {
  const rows: IndicatorsTable[] = [];
  const errors: { index: number; id: string; reason: string }[] = [];
  objects.forEach((object, index) => {
    if (object.type !== 'indicator') return;
    const fields = object as StixObject & {
      pattern?: unknown;
      pattern_type?: unknown;
      name?: unknown;
      confidence?: unknown;
      valid_from?: unknown;
      valid_until?: unknown;
      revoked?: unknown;
      indicator_types?: unknown;
      labels?: unknown;
    };
    if (typeof fields.pattern !== 'string' || fields.pattern.length > 10_000) {
      errors.push({ index, id: object.id, reason: 'indicator without a pattern (or one over 10,000 characters)' });
      return;
    }
    const patternType = typeof fields.pattern_type === 'string' ? fields.pattern_type : 'stix';
    const validFrom = typeof fields.valid_from === 'string' ? new Date(fields.valid_from) : new Date(options.at);
    if (Number.isNaN(validFrom.getTime())) {
      errors.push({ index, id: object.id, reason: `invalid valid_from '${String(fields.valid_from)}'` });
      return;
    }
    const until =
      typeof fields.valid_until === 'string'
        ? new Date(fields.valid_until).toISOString()
        : options.validDays !== undefined
          ? new Date(validFrom.getTime() + options.validDays * DAY_MS).toISOString()
          : null;
    const labels = [fields.indicator_types, fields.labels].flatMap((v) => (Array.isArray(v) ? v : []));
    rows.push({
      id: object.id,
      source_id: options.source,
      name: typeof fields.name === 'string' ? fields.name.slice(0, 500) : null,
      pattern: fields.pattern,
      pattern_type: patternType,
      not_matchable:
        patternType === 'stix'
          ? assessStixPattern(fields.pattern, object.spec_version === '2.0' ? '2.0' : '2.1')
          : `pattern_type '${patternType}' is not matched on events`,
      confidence:
        typeof fields.confidence === 'number'
          ? Math.max(0, Math.min(100, fields.confidence))
          : (options.confidence ?? 50),
      tlp: stixTlp(object),
      labels: JSON.stringify(labels.filter((l) => typeof l === 'string')),
      valid_from: validFrom.toISOString(),
      valid_until: until,
      suppressed_by: null,
      revoked_at: fields.revoked === true ? options.at : null,
      created_at: options.at,
      updated_at: options.at,
    });
  });
  return { rows, errors };
}
