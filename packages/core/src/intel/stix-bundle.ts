import { z } from 'zod';
import { TLP_MARKINGS } from '../stix-object.ts';
import { IntelIndicator, type TlpLevel } from './indicator.ts';
import { DEFAULT_CONFIDENCE } from './score.ts';

const TLP_ORDER: readonly TlpLevel[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];

/** The fields read from a STIX indicator; anything else is ignored. */
const StixIndicatorObject = z.object({
  type: z.literal('indicator'),
  id: z.string().min(1).max(256),
  spec_version: z.string().optional(),
  name: z.string().optional(),
  pattern: z.string(),
  pattern_type: z.string().optional(),
  pattern_version: z.string().optional(),
  valid_from: z.string().optional(),
  valid_until: z.string().optional(),
  modified: z.string().optional(),
  confidence: z.number().int().min(0).max(100).optional(),
  revoked: z.boolean().optional(),
  labels: z.array(z.string()).optional(),
  indicator_types: z.array(z.string()).optional(),
  object_marking_refs: z.array(z.string()).optional(),
});

export interface StixImportOptions {
  /** feed name recorded on every indicator */
  readonly source: string;
  /** the source's half-life (score.ts); default: null (no decay) unless the caller derives one per pattern */
  readonly halfLifeDays?: number | null;
  readonly defaultConfidence?: number;
}

export interface StixImportResult {
  readonly indicators: IntelIndicator[];
  /** indicator objects not converted, with why (not a STIX pattern, revoked, malformed) */
  readonly skipped: { readonly id: string; readonly reason: string }[];
  /** objects of other types (attack-pattern, malware, relationship, …): not indicators */
  readonly otherObjects: number;
}

function iso(value: string | undefined): string | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * The indicators of a STIX 2.0 / 2.1 bundle (or a bare list of objects). Only `indicator` objects with a STIX
 * pattern are converted; the pattern text is kept verbatim (compile with prepareIndicator). TLP comes from
 * object_marking_refs: the well-known TLP markings and `tlp` marking definitions in the bundle, the most
 * restrictive one winning. Never throws on content: bad indicators are listed in `skipped`.
 */
export function indicatorsFromStixBundle(bundle: unknown, options: StixImportOptions): StixImportResult {
  const objects: unknown[] = Array.isArray(bundle)
    ? bundle
    : typeof bundle === 'object' && bundle !== null && Array.isArray((bundle as { objects?: unknown }).objects)
      ? (bundle as { objects: unknown[] }).objects
      : [bundle];
  const bundleVersion = (bundle as { spec_version?: unknown } | null)?.spec_version;
  const markings = new Map<string, TlpLevel>(Object.entries(TLP_MARKINGS));
  for (const o of objects) {
    const m = o as { type?: unknown; id?: unknown; definition_type?: unknown; definition?: { tlp?: unknown } };
    if (m?.type === 'marking-definition' && m.definition_type === 'tlp' && typeof m.id === 'string') {
      const level = String(m.definition?.tlp ?? '').toLowerCase();
      const tlp = level === 'white' ? 'clear' : TLP_ORDER.find((t) => t === level);
      if (tlp) markings.set(m.id, tlp);
    }
  }
  const indicators: IntelIndicator[] = [];
  const skipped: { id: string; reason: string }[] = [];
  let otherObjects = 0;
  for (const o of objects) {
    if ((o as { type?: unknown } | null)?.type !== 'indicator') {
      otherObjects++;
      continue;
    }
    const parsed = StixIndicatorObject.safeParse(o);
    const id = String((o as { id?: unknown }).id ?? '?');
    if (!parsed.success) {
      skipped.push({ id, reason: `malformed indicator: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
      continue;
    }
    const s = parsed.data;
    if (s.revoked) {
      skipped.push({ id, reason: 'revoked' });
      continue;
    }
    if (s.pattern_type !== undefined && s.pattern_type !== 'stix') {
      skipped.push({ id, reason: `pattern_type '${s.pattern_type}' is not a STIX pattern` });
      continue;
    }
    const version = s.spec_version ?? (typeof bundleVersion === 'string' ? bundleVersion : '2.0');
    const tlps = (s.object_marking_refs ?? []).map((ref) => markings.get(ref)).filter((t) => t !== undefined);
    const tlp =
      tlps.length === 0 ? null : tlps.reduce((a, b) => (TLP_ORDER.indexOf(a) >= TLP_ORDER.indexOf(b) ? a : b));
    const record = IntelIndicator.safeParse({
      id: s.id,
      source: options.source,
      name: s.name ?? null,
      pattern: s.pattern,
      patternVersion: version === '2.0' ? '2.0' : '2.1',
      validFrom: iso(s.valid_from),
      validUntil: iso(s.valid_until),
      lastSeen: null,
      confidence: s.confidence ?? options.defaultConfidence ?? DEFAULT_CONFIDENCE,
      halfLifeDays: options.halfLifeDays ?? null,
      tlp,
      tags: [...new Set([...(s.indicator_types ?? []), ...(s.labels ?? [])])],
      suppressedBy: null,
    });
    if (record.success) indicators.push(record.data);
    else skipped.push({ id, reason: `malformed indicator: ${record.error.issues[0]?.message ?? 'invalid'}` });
  }
  return { indicators, skipped, otherObjects };
}
