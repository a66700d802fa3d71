import { describe, expect, it } from 'vitest';
import { freeTextRange } from './cve5-match.ts';
import { matchAsset, possibleMatches } from './match.ts';
import { affected, cpe, cve5Record } from './testing/factories.ts';

const fortios = (version: string) => cpe('o', 'fortinet', 'fortios', version);

describe('CVE 5 affected: versions and defaultStatus', () => {
  const record = cve5Record('CVE-2024-21762', [
    affected({
      vendor: 'Fortinet',
      product: 'FortiOS',
      defaultStatus: 'unaffected',
      versions: [
        { version: '7.4.0', versionType: 'semver', lessThanOrEqual: '7.4.2', status: 'affected' },
        { version: '7.2.0', versionType: 'semver', lessThan: '7.2.7', status: 'affected' },
      ],
    }),
  ]);

  it('matches inside lessThanOrEqual and lessThan ranges, bounds respected', () => {
    expect(matchAsset([fortios('7.4.2')], record)).toEqual([
      {
        cpe: fortios('7.4.2'),
        matchedBy: 'cve5',
        criteria: 'Fortinet FortiOS',
        range: '7.4.0 lessThanOrEqual 7.4.2 (semver): affected',
        provider: 'cna',
      },
    ]);
    expect(matchAsset([fortios('7.2.6')], record)).toHaveLength(1);
    expect(matchAsset([fortios('7.2.7')], record)).toHaveLength(0);
    expect(matchAsset([fortios('7.4.3')], record)).toHaveLength(0);
  });

  it('takes defaultStatus for versions no entry covers: unaffected is a definite no', () => {
    expect(matchAsset([fortios('6.0.0')], record)).toEqual([]);
    expect(possibleMatches([fortios('6.0.0')], record)).toEqual([]);
  });

  it('makes an uncovered version only possible when defaultStatus is unknown', () => {
    const unknown = cve5Record('CVE-2023-50232', [
      affected({
        vendor: 'Inductive Automation',
        product: 'Ignition',
        versions: [{ version: '8.1.31', status: 'affected' }],
      }),
    ]);
    const ignition = (v: string) => cpe('a', 'inductiveautomation', 'ignition', v);
    expect(matchAsset([ignition('8.1.31')], unknown)).toHaveLength(1);
    expect(matchAsset([ignition('8.1.32')], unknown)).toEqual([]);
    expect(possibleMatches([ignition('8.1.32')], unknown)[0]?.why).toBe(
      'status of version 8.1.32 is unknown (defaultStatus unknown)',
    );
  });

  it('lets the first matching entry decide, unaffected entries included', () => {
    const record = cve5Record('CVE-2023-30800', [
      affected({
        vendor: 'MikroTik',
        product: 'RouterOS',
        defaultStatus: 'affected',
        versions: [
          { version: '6.49.10', status: 'unaffected' },
          { version: '7.0', versionType: 'semver', lessThan: '*', status: 'unaffected' },
        ],
      }),
    ]);
    const routeros = (v: string) => cpe('o', 'mikrotik', 'routeros', v);
    expect(matchAsset([routeros('6.49.9')], record)).toHaveLength(1);
    expect(matchAsset([routeros('6.49.10')], record)).toHaveLength(0);
    expect(matchAsset([routeros('7.12')], record)).toHaveLength(0);
  });

  it('applies status changes inside a range', () => {
    const record = cve5Record('CVE-2020-1000', [
      affected({
        vendor: 'Widgets LLC',
        product: 'Flux Capacitor',
        defaultStatus: 'unaffected',
        versions: [
          {
            version: '2.0.0',
            versionType: 'semver',
            lessThan: '2.*',
            status: 'affected',
            changes: [
              { at: '2.5.2', status: 'unaffected' },
              { at: '2.6.0', status: 'affected' },
              { at: '2.6.3', status: 'unaffected' },
            ],
          },
        ],
      }),
    ]);
    const flux = (v: string) => cpe('a', 'widgets', 'flux_capacitor', v);
    expect(matchAsset([flux('2.5.1')], record)).toHaveLength(1);
    expect(matchAsset([flux('2.5.2')], record)).toHaveLength(0);
    expect(matchAsset([flux('2.6.1')], record)).toHaveLength(1);
    expect(matchAsset([flux('2.9.9')], record)).toHaveLength(0);
    expect(matchAsset([flux('3.0.0')], record)).toHaveLength(0);
  });

  it('reads version "0" as no lower bound and gives git ranges no verdict', () => {
    const record = cve5Record('CVE-2020-1001', [
      affected({
        vendor: 'acme',
        product: 'router',
        defaultStatus: 'unaffected',
        versions: [
          { version: '0', versionType: 'custom', lessThan: '1.4', status: 'affected' },
          { version: 'abc123', versionType: 'git', lessThan: 'def456', status: 'affected' },
        ],
      }),
    ]);
    const router = (v: string) => cpe('o', 'acme', 'router', v);
    expect(matchAsset([router('0.9')], record)).toHaveLength(1);
    expect(matchAsset([router('1.5')], record)).toEqual([]);
    expect(possibleMatches([router('1.5')], record)).toHaveLength(1);
  });
});

describe('CVE 5 affected: cpes and unknown versions', () => {
  it('names the product by cpes and ignores the version the ADP wrote in them', () => {
    const record = cve5Record('CVE-2024-21762', [
      affected({
        provider: 'CISA-ADP',
        vendor: 'fortinet',
        product: 'fortios',
        cpes: ['cpe:2.3:o:fortinet:fortios:7.2.0:*:*:*:*:*:*:*'],
        versions: [{ version: '7.2.0', versionType: 'custom', lessThan: '7.2.7', status: 'affected' }],
      }),
    ]);
    expect(matchAsset([fortios('7.2.5')], record)).toEqual([
      expect.objectContaining({ criteria: 'cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*', provider: 'CISA-ADP' }),
    ]);
  });

  it('counts cpes that differ only by version as one product', () => {
    const record = cve5Record('CVE-2024-47575', [
      affected({
        cpes: ['7.6.0', '7.4.4', '7.4.3'].map((v) => cpe('o', 'fortinet', 'fortimanager', v)),
        versions: [{ version: '7.4.0', versionType: 'semver', lessThanOrEqual: '7.4.4', status: 'affected' }],
      }),
    ]);
    expect(matchAsset([cpe('o', 'fortinet', 'fortimanager', '7.4.1')], record)).toHaveLength(1);
  });

  it('compares the other attributes of the cpes (update)', () => {
    const record = cve5Record('CVE-2024-21410', [
      affected({
        cpes: ['cpe:2.3:a:microsoft:exchange_server:2019:cumulative_update_13:*:*:*:*:*:*'],
        defaultStatus: 'affected',
      }),
    ]);
    const exchange = (update: string) => `cpe:2.3:a:microsoft:exchange_server:2019:${update}:*:*:*:*:*:*`;
    expect(matchAsset([exchange('cumulative_update_13')], record)).toHaveLength(1);
    expect(matchAsset([exchange('cumulative_update_14')], record)).toHaveLength(0);
    expect(possibleMatches([exchange('*')], record)).toHaveLength(1);
  });

  it('does not count a wildcard-version asset unless every status is affected', () => {
    const ranged = cve5Record('CVE-2024-29949', [
      affected({
        cpes: ['cpe:2.3:h:hikvision:ds-7604ni-m1\\/4p:*:*:*:*:*:*:*:*'],
        versions: [{ version: '5.00.000', versionType: 'custom', lessThan: '5.01.070', status: 'affected' }],
      }),
    ]);
    const nvr = 'cpe:2.3:h:hikvision:ds-7604ni-m1\\/4p:*:*:*:*:*:*:*:*';
    expect(matchAsset([nvr], ranged)).toEqual([]);
    expect(possibleMatches([nvr], ranged)).toEqual([expect.objectContaining({ why: 'version unknown' })]);

    const everything = cve5Record('CVE-2024-0001', [
      affected({ vendor: 'Hikvision', product: 'DS-7604NI-M1/4P', defaultStatus: 'affected' }),
    ]);
    expect(matchAsset([nvr], everything)).toHaveLength(1);
  });
});

describe('CVE 5 free-text versions', () => {
  it.each([
    ['FortiOS 6.2.0 and below.', { end: { version: '6.2.0', inclusive: true } }],
    ['5.9.2.14-12o and older versions', { end: { version: '5.9.2.14-12o', inclusive: true } }],
    [
      'V4.30.096build221220 and the versions prior to it',
      { end: { version: 'v4.30.096build221220', inclusive: true } },
    ],
    ['FortiOS before 7.0.3', { end: { version: '7.0.3', inclusive: false } }],
    ['Versions below V2.2.1 (including V2.2.1)', { end: { version: 'v2.2.1', inclusive: true } }],
    ['10.9 - 11.11', { start: { version: '10.9', inclusive: true }, end: { version: '11.11', inclusive: true } }],
    [
      'Versions after V5.00.000 (including V5.00.000) and before V5.02.006（not including V5.02.006）',
      { start: { version: 'v5.00.000', inclusive: true }, end: { version: 'v5.02.006', inclusive: false } },
    ],
    ['all versions', {}],
  ])('reads "%s"', (text, range) => {
    expect(freeTextRange(text)).toEqual(range);
  });

  it.each(['FortiOS 7.2.1, 7.2.0; FortiProxy 7.2.0', '6.15.06 except 6.10.10, and 6.13.07'])(
    'gives up on "%s"',
    (text) => {
      expect(freeTextRange(text)).toBeNull();
    },
  );

  it('never orders against a prose bound', () => {
    const record = cve5Record('CVE-2024-6157', [
      affected({
        vendor: 'ABB',
        product: 'RobotWare 6',
        defaultStatus: 'unaffected',
        versions: [
          {
            version: '6.0.0',
            versionType: 'custom',
            lessThan: '6.15.06 except 6.10.10, and 6.13.07',
            status: 'affected',
          },
        ],
      }),
    ]);
    const robotware = cpe('a', 'abb', 'robotware_6', '6.10.10');
    expect(matchAsset([robotware], record)).toEqual([]);
    expect(possibleMatches([robotware], record)).toHaveLength(1);
  });
});
