import { StixObject } from '@citysoc/core';

export interface StixInput {
  objects: StixObject[];
  rejected: { index: number; reason: string }[];
}

const MAX_OBJECT_BYTES = 1024 * 1024;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads STIX content as it is published: a bundle, a TAXII envelope (`objects`), a JSON array, one object, or
 * NDJSON with one object per line (MITRE's enterprise ATT&CK file). Invalid objects are refused one by one
 * with the reason and their position; the others are kept.
 */
export function readStixText(text: string): StixInput {
  const trimmed = text.trimStart();
  const input: StixInput = { objects: [], rejected: [] };
  const take = (value: unknown, index: number) => {
    const parsed = StixObject.safeParse(value);
    if (!parsed.success) {
      input.rejected.push({
        index,
        reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
    } else if (JSON.stringify(value).length > MAX_OBJECT_BYTES) {
      input.rejected.push({ index, reason: 'object larger than 1 MB' });
    } else input.objects.push(parsed.data);
  };
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    // Not one JSON document: NDJSON, one object per line.
    trimmed.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        take(JSON.parse(line), index);
      } catch (error) {
        input.rejected.push({ index, reason: `line ${index + 1}: ${describe(error)}` });
      }
    });
    return input;
  }
  const objects = Array.isArray(whole)
    ? whole
    : typeof whole === 'object' && whole !== null && Array.isArray((whole as { objects?: unknown }).objects)
      ? (whole as { objects: unknown[] }).objects
      : [whole];
  objects.forEach(take);
  return input;
}
