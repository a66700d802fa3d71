import { describe, expect, it } from 'vitest';
import { isPrepared, prepareIndicator } from './indicator.ts';
import { mispEventToIndicators, mispFeedUpdates } from './misp.ts';

const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const attribute = (type: string, value: string, extra: Record<string, unknown> = {}) => ({
  uuid: `uuid-${type}-${value}`,
  type,
  value,
  to_ids: true,
  timestamp: '1700000000',
  ...extra,
});

const event = (attributes: unknown[], extra: Record<string, unknown> = {}) => ({
  Event: { uuid: 'event-1', info: 'test', Tag: [{ name: 'tlp:green' }], Attribute: attributes, ...extra },
});

const patterns = (doc: unknown) => mispEventToIndicators(doc, { source: 'misp-test' }).indicators.map((i) => i.pattern);

describe('mispEventToIndicators', () => {
  it.each([
    ['ip-src', '198.51.100.7', "[ipv4-addr:value = '198.51.100.7']"],
    ['ip-dst', '2001:db8::1', "[ipv6-addr:value = '2001:db8::1']"],
    ['ip-dst', '198.51.100.0/24', "[ipv4-addr:value ISSUBSET '198.51.100.0/24']"],
    [
      'ip-src|port',
      '198.51.100.7|4444',
      "[network-traffic:src_ref.value = '198.51.100.7' AND network-traffic:src_port = 4444]",
    ],
    [
      'ip-dst|port',
      '198.51.100.7|443',
      "[network-traffic:dst_ref.value = '198.51.100.7' AND network-traffic:dst_port = 443]",
    ],
    [
      'hostname|port',
      'c2.example|8080',
      "[network-traffic:dst_ref.value = 'c2.example' AND network-traffic:dst_port = 8080]",
    ],
    ['domain', 'evil.example', "[domain-name:value = 'evil.example']"],
    ['hostname', 'www.evil.example', "[domain-name:value = 'www.evil.example']"],
    [
      'domain|ip',
      'evil.example|198.51.100.7',
      "[domain-name:value = 'evil.example' OR ipv4-addr:value = '198.51.100.7']",
    ],
    ['url', "http://evil.example/it's", "[url:value = 'http://evil.example/it\\'s']"],
    ['md5', MD5.toUpperCase(), `[file:hashes.'MD5' = '${MD5}']`],
    ['sha256', SHA256, `[file:hashes.'SHA-256' = '${SHA256}']`],
    ['filename|sha256', `dropper.exe|${SHA256}`, `[file:hashes.'SHA-256' = '${SHA256}']`],
    ['malware-sample', `dropper.zip|${MD5}`, `[file:hashes.'MD5' = '${MD5}']`],
    ['filename', 'C:\\evil.exe', "[file:name = 'C:\\\\evil.exe']"],
    ['email-src', 'bad@evil.example', "[email-message:from_ref.value = 'bad@evil.example']"],
    ['email-dst', 'victim@city.example', "[email-message:to_refs[*].value = 'victim@city.example']"],
  ])('%s %s → %s', (type, value, pattern) => {
    const [converted] = patterns(event([attribute(type, value)]));
    expect(converted).toBe(pattern);
    expect(
      isPrepared(
        prepareIndicator(mispEventToIndicators(event([attribute(type, value)]), { source: 's' }).indicators[0]!),
      ),
    ).toBe(true);
  });

  it('keeps only to_ids attributes that are not deleted, in the event and in its objects', () => {
    const result = mispEventToIndicators(
      event(
        [
          attribute('domain', 'a.example'),
          attribute('domain', 'b.example', { to_ids: false }),
          attribute('domain', 'c.example', { deleted: true }),
        ],
        {
          Object: [
            {
              name: 'file',
              Attribute: [attribute('sha256', SHA256), attribute('filename', 'x.exe', { to_ids: false })],
            },
          ],
        },
      ),
      { source: 's' },
    );
    expect(result.attributes).toBe(5);
    expect(result.notForDetection).toBe(3);
    expect(result.indicators.map((i) => i.pattern)).toEqual([
      "[domain-name:value = 'a.example']",
      `[file:hashes.'SHA-256' = '${SHA256}']`,
    ]);
    expect(result.indicators[1]!.tags).toContain('misp-object:file');
  });

  it('skips unsupported types and malformed values with a reason', () => {
    const result = mispEventToIndicators(
      event([
        attribute('regkey|value', 'HKLM\\x|1'),
        attribute('md5', 'not-a-hash'),
        attribute('ip-src', 'nowhere'),
        attribute('ip-dst|port', '1.2.3.4|http'),
      ]),
      { source: 's' },
    );
    expect(result.indicators).toEqual([]);
    expect(result.skipped.map((s) => s.reason)).toEqual([
      "MISP type 'regkey|value' is not converted to a STIX pattern",
      "'not-a-hash' is not a md5 digest",
      "'nowhere' is not an IP address",
      "'1.2.3.4|http' is not <ip>|<port>",
    ]);
  });

  it('records tags, the most restrictive TLP, certainty as confidence, times and a per-kind half-life', () => {
    const [indicator] = mispEventToIndicators(
      event([
        attribute('ip-dst', '198.51.100.7', {
          Tag: [{ name: 'tlp:amber' }, { name: 'osint:certainty="93"' }],
          first_seen: '2026-01-01T00:00:00Z',
          last_seen: '2026-02-01T00:00:00Z',
          comment: 'C2 server',
        }),
      ]),
      { source: 'feed-a' },
    ).indicators;
    expect(indicator).toMatchObject({
      id: 'misp:uuid-ip-dst-198.51.100.7',
      source: 'feed-a',
      name: 'C2 server',
      tlp: 'amber',
      confidence: 93,
      validFrom: '2026-01-01T00:00:00.000Z',
      lastSeen: '2026-02-01T00:00:00.000Z',
      halfLifeDays: 30,
      suppressedBy: null,
    });
    expect(indicator!.tags).toEqual(['tlp:green', 'tlp:amber', 'osint:certainty="93"']);
    const [hash] = mispEventToIndicators(event([attribute('filename|md5', `a.exe|${MD5}`)]), {
      source: 's',
    }).indicators;
    expect(hash).toMatchObject({
      name: 'a.exe',
      halfLifeDays: null,
      lastSeen: '2023-11-14T22:13:20.000Z',
      confidence: 50,
      tlp: 'green',
    });
  });

  it('reads bare events, search responses and lists, and ignores garbage', () => {
    const bare = { Attribute: [attribute('domain', 'a.example')] };
    expect(patterns(bare)).toHaveLength(1);
    expect(patterns({ response: [{ Event: bare }, { Event: bare }] })).toHaveLength(2);
    expect(patterns([event([attribute('domain', 'a.example')]), 42, null, 'x'])).toHaveLength(1);
    expect(mispEventToIndicators({ Event: { Attribute: [{ nonsense: true }] } }, { source: 's' }).skipped).toHaveLength(
      1,
    );
  });

  it('lists the events of a feed manifest changed since a time, oldest first', () => {
    const manifest = {
      '5a4e4fdd-1eb4-4ff3-9e87-43fa950d210f': { info: 'new', timestamp: '1700000200', Tag: [{ name: 'tlp:white' }] },
      '57c4445b-c548-4654-af0b-4be3950d210f': { info: 'newer', timestamp: 1700000300 },
      '11111111-1111-1111-1111-111111111111': { info: 'old', timestamp: '1600000000' },
      'not-a-uuid': { timestamp: '1' },
      '22222222-2222-2222-2222-222222222222': { timestamp: 'soon' },
    };
    expect(mispFeedUpdates(manifest, 1_700_000_000)).toEqual({
      events: [
        { uuid: '5a4e4fdd-1eb4-4ff3-9e87-43fa950d210f', timestamp: 1700000200, info: 'new' },
        { uuid: '57c4445b-c548-4654-af0b-4be3950d210f', timestamp: 1700000300, info: 'newer' },
      ],
      malformed: 2,
    });
    expect(mispFeedUpdates(manifest).events).toHaveLength(3);
    expect(mispFeedUpdates([1, 2])).toEqual({ events: [], malformed: 1 });
  });
});
