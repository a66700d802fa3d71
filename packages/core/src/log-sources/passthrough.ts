import { isPlainObject } from './json-line.parser.ts';

type Apply = (record: Record<string, unknown>, fields: Record<string, unknown>) => void;

/*
 * Keys come from the event, so from whoever sent it: `__proto__` would reach an object's prototype when
 * assigned, and is never an ECS name.
 */
const FORBIDDEN_KEY = '__proto__';

/** A copy of a JSON value, so later mapping steps can write into it without touching the original fields. */
function copyJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyJson);
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key in value) {
    if (Object.hasOwn(value, key) && key !== FORBIDDEN_KEY) copy[key] = copyJson(value[key]);
  }
  return copy;
}

/** Sets `key` of `target`; two objects are merged key by key, so `host` and `host.ip` end up in one object. */
function mergeInto(target: Record<string, unknown>, key: string, value: unknown): void {
  const existing = Object.hasOwn(target, key) ? target[key] : undefined;
  if (isPlainObject(existing) && isPlainObject(value)) {
    for (const inner in value) if (Object.hasOwn(value, inner)) mergeInto(existing, inner, value[inner]);
    return;
  }
  target[key] = value;
}

/** Sets a value at a dotted key's path (`"host.name"` → `host: {name}`), creating objects on the way. */
function setDotted(fields: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let node = fields;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i]!;
    const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (isPlainObject(next)) node = next;
    else {
      const created: Record<string, unknown> = {};
      node[segment] = created;
      node = created;
    }
  }
  mergeInto(node, segments[segments.length - 1]!, value);
}

/**
 * Copies the original fields whose top-level name is listed into the ECS document as they are: for events
 * already in ECS shape, where mapping field by field would only lose the fields nobody listed. Both ECS
 * spellings are read: nested objects (`{"host":{"name":…}}`) and dotted keys (`{"host.name":…}`), merged when an
 * event mixes them. Null and empty-text values are left out, as in every other copy.
 */
export function compilePassthrough(names: readonly string[]): Apply {
  if (names.length === 0) return () => undefined;
  const wanted = new Set(names);
  return (record, fields) => {
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const value = record[key];
      if (value === undefined || value === null || value === '') continue;
      const dot = key.indexOf('.');
      if (!wanted.has(dot === -1 ? key : key.slice(0, dot))) continue;
      if (dot === -1) {
        mergeInto(fields, key, copyJson(value));
        continue;
      }
      const segments = key.split('.');
      // `host..name`, `host.` and prototype keys are not ECS paths: left in the original fields only.
      if (segments.some((s) => s === '' || s === FORBIDDEN_KEY)) continue;
      setDotted(fields, segments, copyJson(value));
    }
  };
}
