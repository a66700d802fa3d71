import { flattenEvent, type SigmaEvent } from '@citysoc/core/sigma';

/**
 * What Sigma rules see of a stored event. SigmaHQ rules name the source's own fields (`Image`,
 * `CommandLine`, `id.orig_h`), so the original fields come first; CitySOC's rules name normalised ECS fields
 * (`citysoc.telemetry.metric`), found in the document. Keyword searches see both, and the raw text.
 */
export function detectionEvent(
  parsedDocument: Record<string, unknown>,
  row: { original: string | null; raw: string | null },
): SigmaEvent {
  const original = row.original === null ? null : flattenEvent(JSON.parse(row.original) as Record<string, unknown>);
  const document = flattenEvent(parsedDocument);
  const event: SigmaEvent = {
    get(field) {
      const value = original?.get(field);
      return value === undefined ? document.get(field) : value;
    },
    *values() {
      if (original) yield* original.values();
      yield* document.values();
      if (row.raw !== null) yield row.raw;
    },
  };
  // The names both halves hold, so the literal index probes only those (the raw text feeds keyword search
  // alone, never a field). Without one half's names, every field is probed.
  const originalKeys = original?.keys;
  const documentKeys = document.keys;
  if (documentKeys && original === null) event.keys = documentKeys;
  else if (documentKeys && originalKeys) event.keys = () => [...originalKeys(), ...documentKeys()];
  return event;
}
