import { describe, expect, it } from 'vitest';
import { isZeekTsv, ZeekTsvReader } from './zeek-tsv.ts';

const HEADER = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tnotice',
  '#open\t2024-04-12-19-29-12',
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tnote\tsub\tactions\tsuppress_for\tdropped\tn\tmsg',
  '#types\ttime\tstring\taddr\tport\tenum\tstring\tset[enum]\tinterval\tbool\tcount\tstring',
];

function reader(): ZeekTsvReader {
  const r = new ZeekTsvReader();
  for (const line of HEADER) expect(r.read(line)).toEqual({ kind: 'header' });
  return r;
}

describe('ZeekTsvReader', () => {
  it('recognises a Zeek TSV log from its first line', () => {
    expect(isZeekTsv('#separator \\x09\n#set_separator\t,')).toBe(true);
    expect(isZeekTsv('{"ts":1}')).toBe(false);
  });

  it('turns a row into the object Zeek JSON would hold: types, _path, dotted names', () => {
    const row = [
      '1521911720.629574',
      'CmC9kY1X0u9nP78KZc',
      '10.164.94.120',
      '39611',
      'SSL::Invalid_Server_Cert',
      'O=VMware\\\\, Inc',
      'Notice::ACTION_LOG,Notice::ACTION_EMAIL',
      '3600.000000',
      'F',
      '-',
      'tab\\x09inside',
    ].join('\t');
    expect(reader().read(row)).toEqual({
      kind: 'record',
      record: {
        _path: 'notice',
        ts: 1521911720.629574,
        uid: 'CmC9kY1X0u9nP78KZc',
        'id.orig_h': '10.164.94.120',
        'id.orig_p': 39611,
        note: 'SSL::Invalid_Server_Cert',
        sub: 'O=VMware\\, Inc',
        actions: ['Notice::ACTION_LOG', 'Notice::ACTION_EMAIL'],
        suppress_for: 3600,
        dropped: false,
        msg: 'tab\tinside',
      },
    });
  });

  it('reads (empty) as an empty string or set, and leaves unset (-) fields out', () => {
    const row = ['1.5', '-', '-', '-', '-', '(empty)', '(empty)', '-', 'T', '18446744073709551615', '-'].join('\t');
    expect(reader().read(row)).toEqual({
      kind: 'record',
      record: { _path: 'notice', ts: 1.5, sub: '', actions: [], dropped: true, n: '18446744073709551615' },
    });
  });

  it('keeps rows it cannot trust as text: before any header, or with the wrong number of columns', () => {
    const r = new ZeekTsvReader();
    expect(r.read('1.5\tC1')).toEqual({ kind: 'text', line: '1.5\tC1' });
    const known = reader();
    expect(known.read('1.5\tC1')).toEqual({ kind: 'text', line: '1.5\tC1' });
    expect(known.read('#not-a-zeek-header x')).toEqual({ kind: 'text', line: '#not-a-zeek-header x' });
    expect(known.read('#close\t2024-04-12-19-34-07')).toEqual({ kind: 'header' });
  });

  it('starts over at each #separator, as in concatenated or rotated logs', () => {
    const r = reader();
    for (const line of ['#separator \\x09', '#path\tweird', '#fields\tts\tname', '#types\ttime\tstring'])
      expect(r.read(line)).toEqual({ kind: 'header' });
    expect(r.read('2.25\tTCP_ack_underflow_or_misorder')).toEqual({
      kind: 'record',
      record: { _path: 'weird', ts: 2.25, name: 'TCP_ack_underflow_or_misorder' },
    });
  });
});
