import { describe, expect, it } from 'vitest';
import { compile } from './engine.ts';
import { flattenEvent } from './event.ts';
import { parseRules } from './parse-rules.ts';
import { superLinearReason } from './regex-safety.ts';
import { refusal } from './test-helpers.ts';

const rule = (pattern: string) => `sel: { C|re: '${pattern}' }\ncondition: sel`;

describe('ReDoS guard on |re', () => {
  it('refuses a catastrophic pattern with a reason naming the field and the pattern', () => {
    expect(refusal(rule('(a+)+$'))).toBe(
      "sel: 'C|re': regular expression '(a+)+$' refused (ReDoS), it can take exponential time: " +
        `'a+' inside '(a+)+' can match a run of "a" in many ways`,
    );
  });

  it.each([
    ['nested quantifiers', '^(\\w+\\s?)*$', 'exponential'],
    ['nested counted quantifiers', '(?:a{1,100}){1,100}b', 'exponential'],
    ['alternatives that start alike, repeated', '^(a|a)+$', 'exponential'],
    ['quantifiers trading characters', 'x.*&&.*&&y', 'polynomial'],
    ['a quantifier the search retries at every position', 'b+c', 'quadratic'],
  ])('refuses %s', (_kind, pattern, complexity) => {
    expect(refusal(rule(pattern))).toContain(`it can take ${complexity} time`);
  });

  it.each([
    '\\\\mimikatz\\.exe$',
    '(?i)^(root )?login\\s+on\\s',
    '\\.exe\\s+[^"]{0,64}werfault',
    '^x.*y$',
    "-(W|R)\\s?(\\s|\"|'')([0-9a-fA-F]{2}\\s?){2,20}",
  ])('loads the benign pattern %s', (pattern) => {
    expect(refusal(rule(pattern))).toBeNull();
  });

  it('never evaluates the refused pattern: an event built to blow it up costs nothing', () => {
    const { rules } = parseRules(
      [
        "title: catastrophic\nid: bad\nlogsource: {}\ndetection:\n  sel: { C|re: '(a+)+$' }\n  condition: sel",
        "title: benign\nid: good\nlogsource: {}\ndetection:\n  sel: { C|startswith: 'aaa' }\n  condition: sel",
      ].join('\n---\n'),
    );
    const engine = compile(rules);
    expect(engine.rejected.map((r) => r.id)).toEqual(['bad']);
    // Run by V8, `(a+)+$` needs seconds on 28 a's and doubles with each one more.
    const event = flattenEvent({ C: `${'a'.repeat(28)}!` });
    const started = performance.now();
    expect(engine.match(event).map((r) => r.id)).toEqual(['good']);
    expect(engine.explain('bad', event)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('reads lookaround and named backreferences (Python spellings are translated first)', () => {
    expect(superLinearReason(/a(?=b)c/)).toBeNull();
    expect(superLinearReason(new RegExp('(?<n>a)\\k<n>'))).toBeNull();
  });
});
