import { compileGetter, type FieldGetter } from '../log-sources/field-path.ts';
import { isPlainObject } from '../log-sources/json-line.parser.ts';
import { type SigmaEvent } from './types.ts';

// Getters are compiled once per field name and shared by every event; the field vocabulary of a rule set is small.
const getters = new Map<string, FieldGetter>();

function getterFor(field: string): FieldGetter {
  let getter = getters.get(field);
  if (!getter) {
    getter = compileGetter(field);
    getters.set(field, getter);
  }
  return getter;
}

/** Nested JSON deeper than this is not searched by keywords (events are depth-guarded at ingest already). */
const MAX_DEPTH = 64;

/** `{"#text": v, "#attributes": {...}}` (XML-to-JSON of an element with attributes) → v; other values as-is. */
function elementText(value: unknown): unknown {
  return isPlainObject(value) && Object.hasOwn(value, '#text') ? value['#text'] : value;
}

/**
 * Lifts the Windows XML shape `{"Event":{"System":…,"EventData":…}}` to the flat field names SigmaHQ rules
 * use: EventData / UserData children and System children become top-level, and System attributes become
 * `<Element>_<Attribute>` (`Provider_Name`, `TimeCreated_SystemTime`, `Security_UserID`). EventData is applied
 * after System so an event field wins over a system one of the same name.
 */
function windowsFields(record: Record<string, unknown>): Map<string, unknown> | null {
  const event = record['Event'];
  if (!isPlainObject(event) || !isPlainObject(event['System'])) return null;
  const fields = new Map<string, unknown>();
  for (const [key, value] of Object.entries(event['System'])) {
    if (isPlainObject(value)) {
      if (Object.hasOwn(value, '#text')) fields.set(key, value['#text']);
      const attributes = value['#attributes'];
      if (isPlainObject(attributes)) {
        for (const [name, attribute] of Object.entries(attributes)) fields.set(`${key}_${name}`, attribute);
      }
    } else {
      fields.set(key, value);
    }
  }
  addDataFields(fields, event['EventData']);
  const userData = event['UserData'];
  if (isPlainObject(userData)) {
    for (const [key, child] of Object.entries(userData)) {
      if (key !== '#attributes') addDataFields(fields, child);
    }
  }
  return fields;
}

/** EventData either as `{Name: value}` or as `{"Data": [{"#attributes": {"Name": …}, "#text": …}]}`. */
function addDataFields(fields: Map<string, unknown>, data: unknown): void {
  if (!isPlainObject(data)) return;
  for (const [key, value] of Object.entries(data)) {
    if (key === '#attributes') continue;
    const items = key === 'Data' && (Array.isArray(value) || isPlainObject(value)) ? [value].flat() : null;
    const named = items?.filter((i) => isPlainObject(i) && isPlainObject(i['#attributes']));
    if (named && named.length > 0) {
      for (const item of named) {
        if (!isPlainObject(item) || !isPlainObject(item['#attributes'])) continue;
        const name = item['#attributes']['Name'];
        if (typeof name === 'string') fields.set(name, item['#text'] ?? null);
      }
    } else {
      fields.set(key, elementText(value));
    }
  }
}

/** Collects into an array rather than yielding: a generator per nested object made keyword rules slow. */
function walkValues(value: unknown, depth: number, out: unknown[]): unknown[] {
  if (typeof value === 'string' || typeof value === 'number') out.push(value);
  else if (depth >= MAX_DEPTH) return out;
  else if (Array.isArray(value)) for (const v of value) walkValues(v, depth + 1, out);
  else if (isPlainObject(value)) for (const v of Object.values(value)) walkValues(v, depth + 1, out);
  return out;
}

/**
 * Wraps a JSON record for Sigma field access: top-level keys, dotted paths into nested objects (`a.b.c`, also
 * keys that themselves contain dots), and the Windows XML shape flattened as SigmaHQ rules expect.
 */
export function flattenEvent(record: Record<string, unknown>): SigmaEvent {
  const windows = windowsFields(record);
  return {
    get(field: string): unknown {
      if (windows) {
        const value = windows.get(field);
        if (value !== undefined || windows.has(field)) return value;
      }
      return getterFor(field)(record);
    },
    values: () => walkValues(record, 0, []),
  };
}
