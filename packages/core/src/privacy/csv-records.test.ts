import { describe, expect, it } from 'vitest';
import { CsvRecordSplitter, type CsvRecordText } from './csv-records.ts';

function split(text: string, chunkSize = 3, max = 40): CsvRecordText[] {
  const splitter = new CsvRecordSplitter(max);
  const out: CsvRecordText[] = [];
  for (let i = 0; i < text.length; i += chunkSize) out.push(...splitter.push(text.slice(i, i + chunkSize)));
  return [...out, ...splitter.end()];
}

describe('CSV record splitting', () => {
  it('splits at newlines outside quotes, whatever the chunking, with the line each record starts on', () => {
    const text = '\uFEFFa,b\r\n"x\ny",2\n\n"say ""hi""",3\nlast,4';
    const expected = [
      { line: 1, text: 'a,b' },
      { line: 2, text: '"x\ny",2' },
      { line: 5, text: '"say ""hi""",3' },
      { line: 6, text: 'last,4' },
    ];
    for (const chunkSize of [1, 2, 5, 1000]) expect(split(text, chunkSize)).toEqual(expected);
  });

  it('confines an unclosed quote to an error and resumes at the next newline', () => {
    const text = `a,b\n"open,${'z'.repeat(60)}\nstill open\n1,2\n`;
    expect(split(text)).toEqual([
      { line: 1, text: 'a,b' },
      { line: 2, error: 'record longer than 40 characters (unclosed quote?)' },
      // Resumes after the newline that follows the point where the record grew too long.
      { line: 3, text: 'still open' },
      { line: 4, text: '1,2' },
    ]);
  });

  it('hands an unclosed quote at the end to the caller as text, to be reported malformed', () => {
    expect(split('a,b\n"x,1\n')).toEqual([
      { line: 1, text: 'a,b' },
      { line: 2, text: '"x,1\n' },
    ]);
  });
});
