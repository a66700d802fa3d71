import { isPlainObject } from './json-line.parser.ts';

/** Reads one value out of an original record; compiled once per path, called per event. */
export type FieldGetter = (record: Record<string, unknown>) => unknown;

/**
 * Compiles a dotted path into a getter. Some sources put dots inside key names (Zeek's `id.orig_h`), so at
 * each level the getter tries the next segment alone, then joined with the following ones: `id.orig_h`
 * finds both `{"id":{"orig_h":…}}` and `{"id.orig_h":…}`.
 */
export function compileGetter(path: string): FieldGetter {
  const segments = path.split('.');
  if (segments.length === 1) return (record) => record[path];
  const n = segments.length;
  // joined[i][j] = segments i..j joined with '.', precomputed so no string is built per event.
  const joined = segments.map((_, i) => segments.map((__, j) => (j < i ? '' : segments.slice(i, j + 1).join('.'))));
  const walk = (value: unknown, i: number): unknown => {
    if (i === n) return value;
    if (!isPlainObject(value)) return undefined;
    const row = joined[i]!;
    for (let j = i; j < n; j++) {
      const key = row[j]!;
      if (Object.hasOwn(value, key)) {
        const found = walk(value[key], j + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return (record) => walk(record, 0);
}

/** Writes a value at an ECS path into a nested object; compiled once per path. */
export type FieldSetter = (target: Record<string, unknown>, value: unknown) => void;

export function compileSetter(path: string): FieldSetter {
  const segments = path.split('.');
  const last = segments.pop()!;
  return (target, value) => {
    let node = target;
    for (const segment of segments) {
      const next = node[segment];
      if (isPlainObject(next)) node = next;
      else {
        const created: Record<string, unknown> = {};
        node[segment] = created;
        node = created;
      }
    }
    node[last] = value;
  };
}
