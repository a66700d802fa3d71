import { describe, expect, it } from 'vitest';
import { parseKeyValues } from './kv.parser.ts';

describe('parseKeyValues', () => {
  it('reads a netfilter LOG line, skipping words that are not pairs and keeping empty values', () => {
    const kv = parseKeyValues(
      'kernel: [ 5231.201] DROP IN=eth0 OUT= MAC=00:16:3e SRC=203.0.113.5 DST=10.0.0.2 LEN=60 PROTO=TCP SPT=51234 DPT=22 SYN',
    );
    expect(kv).toMatchObject({ IN: 'eth0', OUT: '', SRC: '203.0.113.5', DST: '10.0.0.2', PROTO: 'TCP', SPT: '51234' });
    expect(kv).not.toHaveProperty('SYN');
  });

  it('reads quoted values (wazuh SonicWall sample)', () => {
    const kv = parseKeyValues(
      'id=firewall sn=00301E0526B1 time="2004-04-01 10:39:35" fw=67.32.44.2 pri=5 c=64 m=36 msg="TCP connection dropped" n=2686 src=67.101.200.27:4507:WAN dst=67.32.44.2:445:LAN rule=0',
    );
    expect(kv).toMatchObject({
      time: '2004-04-01 10:39:35',
      msg: 'TCP connection dropped',
      src: '67.101.200.27:4507:WAN',
    });
  });

  it('unescapes quotes and keeps the first of repeated keys', () => {
    expect(parseKeyValues('a="say \\"hi\\"" a=2 b=\'x y\'')).toEqual({ a: 'say "hi"', b: 'x y' });
  });

  it('reads Check Point key:"value"; pairs: a bracket before the first key, a doubled separator, escapes', () => {
    const kv = parseKeyValues(
      '[action:"Drop"; ifdir:"inbound"; ike::"Main Mode; Reason: x"; __policy_id_tag:"a[db=1;p=FW\\]"; src:"1.2.3.4"; ]',
      { separator: ':' },
    );
    expect(kv).toEqual({
      action: 'Drop',
      ifdir: 'inbound',
      ike: 'Main Mode; Reason: x',
      __policy_id_tag: 'a[db=1;p=FW]',
      src: '1.2.3.4',
    });
  });

  it('does not take punctuation into a key', () => {
    expect(parseKeyValues('(a=1) [b=2] "c=3"')).toEqual({ a: '1)', b: '2]', c: '3"' });
  });
});
