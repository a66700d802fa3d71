import fc from 'fast-check';

/*
 * Generators of small random rules and events shared by the property tests (tests only; not exported by
 * index.ts): the literal index and `explain` are both checked against the engine on the same shapes.
 */

/** A tiny alphabet so rule literals and event values collide often; Σ exercises context-dependent lowering. */
export const unit = fc.constantFrom('a', 'b', 'A', 'B', '\\', '.', 'Σ', 'ς');
export const text = fc.string({ unit, minLength: 0, maxLength: 6 });

export const FORMS = [
  '',
  '|contains',
  '|startswith',
  '|endswith',
  '|contains|all',
  '|cased',
  '|contains|cased',
  '|endswith|windash',
];
export const CONDITIONS = ['sel', 'sel and not f', 'sel or f', '1 of s*', 'all of s*', 'not f'];
export const yamlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export const stringItem = fc.record({
  field: fc.constantFrom('A', 'B', 'C'),
  form: fc.constantFrom(...FORMS),
  values: fc.array(fc.oneof(text, fc.constantFrom('*', 'a*b', '?a', 'ab*')), { minLength: 1, maxLength: 9 }),
});
/** Regexes whose literals collide with the alphabet above, with and without `i`. */
export const regexItem = fc.record({
  field: fc.constantFrom('A', 'B', 'C'),
  form: fc.constantFrom('|re', '|re|i'),
  values: fc.array(fc.constantFrom('ab+a', 'a\\.b', 'BAB', 'a(b|a)bb', '^ab', 'b?aab', '\\\\a.b', 'aΣb', 'x|bab'), {
    minLength: 1,
    maxLength: 3,
  }),
});
export const item = fc.oneof(stringItem, regexItem);
export const ruleShape = fc.record({
  sel: fc.array(item, { minLength: 1, maxLength: 2 }),
  f: item,
  condition: fc.constantFrom(...CONDITIONS),
});

export interface ItemShape {
  field: string;
  form: string;
  values: string[];
}

export function ruleYaml(i: number, shape: { sel: ItemShape[]; f: ItemShape; condition: string }): string {
  const map = (items: ItemShape[]): string =>
    `{ ${items.map((x) => `${x.field}${x.form}: [${x.values.map(yamlString).join(', ')}]`).join(', ')} }`;
  // YAML refuses duplicate keys: keep the first item of each field|modifiers.
  const sel = shape.sel.filter((x, j) => shape.sel.findIndex((y) => y.field + y.form === x.field + x.form) === j);
  return `title: r${i}\nid: r${i}\nlogsource: { product: test }\ndetection:\n  sel: ${map(sel)}\n  f: ${map([shape.f])}\n  condition: ${shape.condition}\n`;
}
