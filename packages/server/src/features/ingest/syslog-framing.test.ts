import { describe, expect, it } from 'vitest';
import { SyslogFramer } from './syslog-framing.ts';

const feed = (framer: SyslogFramer, ...chunks: string[]) => {
  const all = { messages: [] as string[], refused: [] as string[] };
  for (const chunk of chunks) {
    const { messages, refused } = framer.push(Buffer.from(chunk));
    all.messages.push(...messages);
    all.refused.push(...refused);
  }
  return all;
};

describe('SyslogFramer', () => {
  it('splits newline-framed messages across chunk boundaries', () => {
    const framer = new SyslogFramer(1024);
    expect(feed(framer, '<34>Oct 11 22:14:15 host su: one\n<34>Oct 1', '1 22:14:16 host su: two\r\n').messages).toEqual(
      ['<34>Oct 11 22:14:15 host su: one', '<34>Oct 11 22:14:16 host su: two'],
    );
  });

  it('reads octet-counted frames, counting bytes not characters', () => {
    const framer = new SyslogFramer(1024);
    const message = '<13>1 - - - - - - é';
    const frame = `${Buffer.byteLength(message)} ${message}`;
    expect(feed(framer, frame.slice(0, 8), frame.slice(8) + frame).messages).toEqual([message, message]);
  });

  it('accepts a sender that mixes both framings', () => {
    const framer = new SyslogFramer(1024);
    expect(feed(framer, '5 <1>ab<2>line\n3 <3>').messages).toEqual(['<1>ab', '<2>line', '<3>']);
  });

  it('refuses an oversized octet-counted frame, skips it, and carries on', () => {
    const framer = new SyslogFramer(10);
    const result = feed(framer, `20 ${'x'.repeat(12)}`, `${'x'.repeat(8)}4 <1>y`);
    expect(result.refused).toEqual(['message of 20 bytes is larger than 10']);
    expect(result.messages).toEqual(['<1>y']);
  });

  it('refuses an endless line without buffering it, then resumes at the next newline', () => {
    const framer = new SyslogFramer(16);
    const result = feed(framer, '<1>'.padEnd(40, 'z'), 'zzzz', 'zz\n<2>next\n');
    expect(result.refused).toEqual(['line is larger than 16 bytes']);
    expect(result.messages).toEqual(['<2>next']);
  });

  it('returns a final line without newline at the end of the connection', () => {
    const framer = new SyslogFramer(64);
    feed(framer, '<1>last');
    expect(framer.end()).toEqual(['<1>last']);
  });
});
