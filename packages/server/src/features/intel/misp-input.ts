import { type IntelIndicator, mispEventToIndicators, type StixObject } from '@citysoc/core';
import { v5 as uuidv5 } from 'uuid';

/** Namespace for the STIX ids of MISP attributes: the same attribute always becomes the same indicator. */
const MISP_NAMESPACE = '4a8a3c2e-5b1d-4f0e-9c7a-6d2e1b0f3a9c';

const TLP_MARKING: Readonly<Record<string, string>> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** True for MISP event JSON: `{Event}`, `{response: [...]}`, or a bare event with `Attribute`/`Object`. */
export function looksLikeMisp(json: unknown): boolean {
  if (Array.isArray(json)) return json.length > 0 && looksLikeMisp(json[0]);
  if (typeof json !== 'object' || json === null) return false;
  return 'Event' in json || 'response' in json || 'Attribute' in json || ('Object' in json && 'info' in json);
}

/**
 * MISP attributes marked for detection (`to_ids`) as STIX 2.1 indicator objects, so they are stored, matched and
 * shared over TAXII exactly like intelligence that arrived as STIX. The conversion of values to patterns, the
 * TLP and the confidence are core's (`mispEventToIndicators`).
 */
export function mispToStix(
  json: unknown,
  source: string,
): { objects: StixObject[]; skipped: { id: string; reason: string }[] } {
  const result = mispEventToIndicators(json, { source });
  return {
    objects: result.indicators.map((indicator) => toStix(indicator)),
    skipped: result.skipped.map((s) => ({ id: s.id, reason: `${s.type}: ${s.reason}` })),
  };
}

function toStix(indicator: IntelIndicator): StixObject {
  const stamp = indicator.lastSeen ?? indicator.validFrom ?? new Date(0).toISOString();
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${uuidv5(indicator.id, MISP_NAMESPACE)}`,
    created: stamp,
    modified: stamp,
    ...(indicator.name !== null && { name: indicator.name }),
    pattern: indicator.pattern,
    pattern_type: 'stix',
    valid_from: indicator.validFrom ?? stamp,
    ...(indicator.validUntil !== null && { valid_until: indicator.validUntil }),
    confidence: Math.round(indicator.confidence),
    labels: indicator.tags,
    ...(indicator.tlp !== null && { object_marking_refs: [TLP_MARKING[indicator.tlp]] }),
    external_references: [{ source_name: 'misp', external_id: indicator.id }],
  };
}
