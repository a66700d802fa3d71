import { describe, expect, it } from 'vitest';
import { parseCsvLine } from './csv.parser.ts';

describe('parseCsvLine', () => {
  it('splits on the delimiter and keeps empty fields, first and last included', () => {
    expect(parseCsvLine(',a,,b,')).toEqual(['', 'a', '', 'b', '']);
    expect(parseCsvLine('')).toEqual(['']);
    expect(parseCsvLine('a;b', ';')).toEqual(['a', 'b']);
  });

  it('reads quoted fields holding the delimiter and doubled quotes (PAN-OS description column)', () => {
    expect(parseCsvLine('1,"a, b","say ""hi""",2')).toEqual(['1', 'a, b', 'say "hi"', '2']);
  });

  it('is lenient with broken quoting instead of failing', () => {
    expect(parseCsvLine('1,"unterminated, rest')).toEqual(['1', 'unterminated, rest']);
    expect(parseCsvLine('1,"x"y,2')).toEqual(['1', 'xy', '2']);
    expect(parseCsvLine('1,a"b,2')).toEqual(['1', 'a"b', '2']);
  });
});
