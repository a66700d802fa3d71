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
 * after System so an event field wins over a system one of the same name. Loops are `for…in` over own keys
 * (the order and keys of `Object.entries`) because this runs once per event and entry arrays showed in GC.
 */
function windowsFields(record: Record<string, unknown>): Map<string, unknown> | null {
  const event = record['Event'];
  if (!isPlainObject(event)) return null;
  const system = event['System'];
  if (!isPlainObject(system)) return null;
  const fields = new Map<string, unknown>();
  for (const key in system) {
    if (!Object.hasOwn(system, key)) continue;
    const value = system[key];
    if (isPlainObject(value)) {
      if (Object.hasOwn(value, '#text')) fields.set(key, value['#text']);
      const attributes = value['#attributes'];
      if (isPlainObject(attributes)) {
        for (const name in attributes) {
          if (Object.hasOwn(attributes, name)) fields.set(`${key}_${name}`, attributes[name]);
        }
      }
    } else {
      fields.set(key, value);
    }
  }
  addDataFields(fields, event['EventData']);
  const userData = event['UserData'];
  if (isPlainObject(userData)) {
    for (const key in userData) {
      if (Object.hasOwn(userData, key) && key !== '#attributes') addDataFields(fields, userData[key]);
    }
  }
  return fields;
}

/** EventData either as `{Name: value}` or as `{"Data": [{"#attributes": {"Name": …}, "#text": …}]}`. */
function addDataFields(fields: Map<string, unknown>, data: unknown): void {
  if (!isPlainObject(data)) return;
  for (const key in data) {
    if (!Object.hasOwn(data, key) || key === '#attributes') continue;
    const value = data[key];
    if (key === 'Data' && addNamedData(fields, value)) continue;
    fields.set(key, elementText(value));
  }
}

/** `Data` items named by their `Name` attribute; false when no item has attributes (`Data` is then a field). */
function addNamedData(fields: Map<string, unknown>, value: unknown): boolean {
  const items = Array.isArray(value) ? value : isPlainObject(value) ? [value] : null;
  if (items === null) return false;
  let named = false;
  for (const item of items) {
    if (!isPlainObject(item)) continue;
    const attributes = item['#attributes'];
    if (!isPlainObject(attributes)) continue;
    named = true;
    const name = attributes['Name'];
    if (typeof name === 'string') fields.set(name, item['#text'] ?? null);
  }
  return named;
}

/**
 * Collects into an array rather than yielding: a generator per nested object made keyword rules slow; and
 * `for…in` with an own-key check rather than `Object.values`, which built an array per object.
 */
function walkValues(value: unknown, depth: number, out: unknown[]): unknown[] {
  if (typeof value === 'string' || typeof value === 'number') out.push(value);
  else if (depth >= MAX_DEPTH) return out;
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) walkValues(value[i], depth + 1, out);
  else if (isPlainObject(value))
    for (const key in value) if (Object.hasOwn(value, key)) walkValues(value[key], depth + 1, out);
  return out;
}

function hasUndefined(map: Map<string, unknown>): boolean {
  for (const value of map.values()) if (value === undefined) return true;
  return false;
}

/**
 * Wraps a JSON record for Sigma field access: top-level keys, dotted paths into nested objects (`a.b.c`, also
 * keys that themselves contain dots), and the Windows XML shape flattened as SigmaHQ rules expect.
 */
export function flattenEvent(record: Record<string, unknown>): SigmaEvent {
  const windows = windowsFields(record);
  // Only a record built in code (not parsed JSON) can hold undefined; then `has` tells it from a miss.
  const holdsUndefined = windows !== null && hasUndefined(windows);
  return {
    get(field: string): unknown {
      if (windows) {
        const value = windows.get(field);
        if (value !== undefined || (holdsUndefined && windows.has(field))) return value;
      }
      return getterFor(field)(record);
    },
    values: () => walkValues(record, 0, []),
    // Own names: the getters read own keys at every level but the first, where a polluted prototype could
    // add names; rule evaluation still sees those, only the literal index does not probe them.
    keys: () =>
      windows ? [...windows.keys(), ...Object.getOwnPropertyNames(record)] : Object.getOwnPropertyNames(record),
  };
}
