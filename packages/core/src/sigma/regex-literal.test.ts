import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requiredRegexLiteral } from './regex-literal.ts';

describe('requiredRegexLiteral', () => {
  it.each([
    ['\\\\windows\\\\system32\\\\cmd\\.exe', '\\windows\\system32\\cmd.exe'],
    ['abc(d|e)fghi', 'fghi'],
    ['abcd?efgh', 'efgh'],
    ['ab+cdef', 'cdef'],
    ['[a-z]+\\.onion', '.onion'],
    ['ab|cdef', null],
    ['\\d{3}-\\d{4}', null],
    ['Invoke-Expression', 'invoke-expression'],
    ['x{2,}yyyy', 'yyyy'],
    ['é+ab', null],
    // `{` that is no quantifier is a literal: the scan must still see the top-level `|` after it.
    ['aaaa{|}*', null],
    ['abcd{x}efgh', 'abcd'],
  ])('%s → %s', (source, expected) => {
    expect(requiredRegexLiteral(source)).toBe(expected);
  });

  // Every string a regex matches must contain the literal (lower-cased, as the index compares).
  it('is contained in every match, with and without i', () => {
    const unit = fc.constantFrom(
      'a',
      'B',
      '.',
      '\\\\',
      '(',
      ')',
      '|',
      '?',
      '*',
      '+',
      '[',
      ']',
      'x',
      '{',
      '}',
      '1',
      ',',
    );
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 10 }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', '.', 'x', '1', '\\\\', ','), maxLength: 12 }),
        fc.boolean(),
        (source, text, i) => {
          let regex: RegExp;
          try {
            regex = new RegExp(source, i ? 'i' : '');
          } catch {
            return;
          }
          const literal = requiredRegexLiteral(regex.source);
          if (literal !== null && regex.test(text)) expect(text.toLowerCase()).toContain(literal);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
