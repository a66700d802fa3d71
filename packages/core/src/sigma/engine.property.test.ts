import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from './engine.ts';
import { flattenEvent } from './event.ts';
import { parseRules } from './parse-rules.ts';

/** Characters chosen to collide often and to exercise escaping, wildcards, case and windash. */
const unit = fc.constantFrom('a', 'B', 'b', '-', '/', '*', '?', '\\', ' ', 'é', 'É');
const text = fc.string({ unit, maxLength: 8 });

type Token = { wild: '*' | '?' } | { ch: string };

/** Independent reading of SIGMA.md 2.2.4: `\` escapes `*`, `?`, `\`; otherwise it is a literal backslash. */
function tokens(value: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const n = value[i + 1];
    if (c === '\\' && (n === '*' || n === '?' || n === '\\')) {
      out.push({ ch: n });
      i++;
    } else if (c === '*' || c === '?') out.push({ wild: c });
    else out.push({ ch: c });
  }
  return out;
}

/** Naive backtracking glob match over characters, as a reference for the compiled matchers. */
function globMatch(pattern: Token[], s: string[], cased: boolean): boolean {
  const eq = (a: string, b: string): boolean => (cased ? a === b : a.toLowerCase() === b.toLowerCase());
  const go = (p: number, i: number): boolean => {
    if (p === pattern.length) return i === s.length;
    const t = pattern[p]!;
    if ('wild' in t) {
      if (t.wild === '?') return i < s.length && go(p + 1, i + 1);
      for (let k = i; k <= s.length; k++) if (go(p + 1, k)) return true;
      return false;
    }
    return i < s.length && eq(t.ch, s[i]!) && go(p + 1, i + 1);
  };
  return go(0, 0);
}

type Form = 'plain' | 'contains' | 'startswith' | 'endswith' | 'cased' | 'contains|all';

function reference(form: Form, values: string[], event: string): boolean {
  const star: Token = { wild: '*' };
  const test = (v: string): boolean => {
    let p = tokens(v);
    const last = p[p.length - 1];
    const first = p[0];
    const endsStar = last !== undefined && 'wild' in last && last.wild === '*';
    const startsStar = first !== undefined && 'wild' in first && first.wild === '*';
    if (form.startsWith('contains') || form === 'startswith') p = endsStar ? p : [...p, star];
    if (form.startsWith('contains') || form === 'endswith') p = startsStar ? p : [star, ...p];
    return globMatch(p, [...event], form === 'cased');
  };
  return form === 'contains|all' ? values.every(test) : values.some(test);
}

const yamlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function engineFor(form: Form, values: string[]) {
  const key = form === 'plain' ? 'F' : `F|${form}`;
  const yaml = `title: p\nid: p\nlogsource: {}\ndetection:\n  sel:\n    ${key}: [${values.map(yamlString).join(', ')}]\n  condition: sel\n`;
  const { rules, errors } = parseRules(yaml);
  expect(errors).toEqual([]);
  return compile(rules);
}

describe('compiled engine against a naive reference', () => {
  const forms: Form[] = ['plain', 'contains', 'startswith', 'endswith', 'cased', 'contains|all'];
  it.each(forms)('agrees on |%s for random values and events', (form) => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 3 }), text, (values, event) => {
        const engine = engineFor(form, values);
        expect(engine.rejected).toEqual([]);
        const got = engine.match(flattenEvent({ F: event })).length > 0;
        expect(got).toBe(reference(form, values, event));
      }),
      { numRuns: 300 },
    );
  });
});

describe('robustness', () => {
  const { rules } = parseRules(
    [
      "s1: { A|contains|all: ['a', 'b'], B|re: '^x.*y$' }",
      "s2: { C|cidr: '10.0.0.0/8', D|gt: 5 }",
      "s3: { E|windash|contains: ' -x', F|base64offset|contains: 'ab' }",
      "s4: { G|exists: true, H: null, I|fieldref: A, J|hour: 3, K|neq: 'z' }",
      "kw: ['a*b', 'é']",
      'condition: 1 of s* or kw or not s4',
    ]
      .map((l) => `  ${l}`)
      .join('\n')
      .replace(/^/, 'title: r\nid: r\nlogsource: {}\ndetection:\n'),
  );
  const engine = compile(rules);

  it('compiles the mixed rule', () => {
    expect(engine.rejected).toEqual([]);
  });

  it('never throws on arbitrary JSON events', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'Event'), fc.jsonValue()),
        (record) => {
          expect(() => engine.match(flattenEvent(record))).not.toThrow();
        },
      ),
      { numRuns: 500 },
    );
  });
});
