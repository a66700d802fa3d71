import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { parseCve5Record } from './cve5.ts';
import { parseEpssCsv } from './epss.ts';
import { parseVulnFeed } from './feed.ts';
import { parseKevCatalogue } from './kev.ts';
import { parseNvdCveResponse } from './nvd.ts';

const kevEntry = (cveID: string) => ({
  cveID,
  vendorProject: 'Fortinet',
  product: 'FortiOS',
  vulnerabilityName: 'Fortinet FortiOS Out-of-Bound Write Vulnerability',
  dateAdded: '2024-02-09',
  shortDescription: 'Fortinet FortiOS contains an out-of-bound write vulnerability.',
  requiredAction: 'Apply mitigations per vendor instructions.',
  dueDate: '2024-02-16',
  knownRansomwareCampaignUse: 'Known',
  notes: '',
  cwes: ['CWE-787'],
});
const kevCatalogue = (entries: object[], count = entries.length) => ({
  catalogVersion: '2024.02.09',
  dateReleased: '2024-02-09T15:00:00.000Z',
  count,
  vulnerabilities: entries,
});

const cve5 = (overrides: Record<string, unknown> = {}) => ({
  dataType: 'CVE_RECORD',
  dataVersion: '5.1',
  cveMetadata: { cveId: 'CVE-2023-27997', state: 'PUBLISHED', datePublished: '2023-06-13T08:41:47.415Z' },
  containers: {
    cna: {
      descriptions: [{ lang: 'en', value: 'A heap-based buffer overflow in FortiOS.' }],
      affected: [
        {
          vendor: 'Fortinet',
          product: 'FortiOS',
          defaultStatus: 'unaffected',
          versions: [{ version: '7.2.0', versionType: 'semver', lessThanOrEqual: '7.2.4', status: 'affected' }],
        },
      ],
      metrics: [
        { cvssV3_1: { vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:F/RL:X/RC:R', baseScore: 9.2 } },
      ],
      problemTypes: [{ descriptions: [{ cweId: 'CWE-122', description: 'Execute unauthorized code' }] }],
    },
    adp: [
      {
        providerMetadata: { shortName: 'CISA-ADP' },
        metrics: [
          {
            other: {
              type: 'ssvc',
              content: {
                options: [{ Exploitation: 'active' }, { Automatable: 'yes' }, { 'Technical Impact': 'total' }],
              },
            },
          },
          { other: { type: 'kev', content: { dateAdded: '2023-06-13' } } },
        ],
      },
    ],
  },
  ...overrides,
});

const nvdResponse = (cve: Record<string, unknown>) => ({
  format: 'NVD_CVE',
  version: '2.0',
  totalResults: 1,
  vulnerabilities: [
    {
      cve: {
        id: 'CVE-2023-0001',
        published: '2023-02-08T18:15:11.523',
        lastModified: '2023-02-18T20:41:02.460',
        vulnStatus: 'Analyzed',
        descriptions: [{ lang: 'en', value: 'Cortex XDR agent discloses the admin password.' }],
        metrics: {
          cvssMetricV31: [
            {
              type: 'Secondary',
              cvssData: { version: '3.1', vectorString: 'CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:H/I:N/A:H', baseScore: 6 },
            },
            {
              type: 'Primary',
              cvssData: {
                version: '3.1',
                vectorString: 'CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H',
                baseScore: 6.7,
              },
            },
          ],
        },
        weaknesses: [
          {
            description: [
              { lang: 'en', value: 'CWE-319' },
              { lang: 'en', value: 'NVD-CWE-Other' },
            ],
          },
        ],
        configurations: [
          {
            operator: 'AND',
            nodes: [
              {
                operator: 'OR',
                negate: false,
                cpeMatch: [
                  {
                    vulnerable: true,
                    criteria: 'cpe:2.3:a:paloaltonetworks:cortex_xdr_agent:*:*:*:*:*:*:*:*',
                    versionEndExcluding: '7.5.101',
                  },
                ],
              },
              {
                operator: 'OR',
                negate: false,
                cpeMatch: [{ vulnerable: false, criteria: 'cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*' }],
              },
            ],
          },
        ],
        ...cve,
      },
    },
  ],
});

describe('KEV catalogue', () => {
  it('normalises each entry', () => {
    const { catalogVersion, records } = parseKevCatalogue(JSON.stringify(kevCatalogue([kevEntry('CVE-2024-21762')])));
    expect(catalogVersion).toBe('2024.02.09');
    expect(records[0]).toMatchObject({
      cve: 'CVE-2024-21762',
      cwe: ['CWE-787'],
      kev: {
        dateAdded: '2024-02-09',
        dueDate: '2024-02-16',
        ransomware: true,
        action: 'Apply mitigations per vendor instructions.',
      },
      applicability: [],
      sources: ['kev'],
    });
  });

  it('names the path of a bad field', () => {
    const bad = kevCatalogue([kevEntry('CVE-2024-21762'), { ...kevEntry('CVE-2024-1'), dueDate: 'soon' }]);
    expect(() => parseKevCatalogue(bad)).toThrow(InputError);
    expect(() => parseKevCatalogue(bad)).toThrow(
      /vulnerabilities\[1\]\.cveID: must be a CVE id.*vulnerabilities\[1\]\.dueDate: must be a date/,
    );
  });

  it('refuses a truncated catalogue', () => {
    expect(() => parseKevCatalogue(kevCatalogue([kevEntry('CVE-2024-21762')], 2))).toThrow(
      'count says 2 but it holds 1',
    );
  });
});

describe('CVE JSON 5 records', () => {
  it('normalises CNA and CISA ADP data', () => {
    const record = parseCve5Record(cve5());
    expect(record).toMatchObject({
      cve: 'CVE-2023-27997',
      published: '2023-06-13T08:41:47.415Z',
      description: 'A heap-based buffer overflow in FortiOS.',
      cwe: ['CWE-122'],
      kev: { dateAdded: '2023-06-13', dueDate: null },
      ssvc: { exploitation: 'active', automatable: true, technicalImpact: 'total', provider: 'CISA-ADP' },
      sources: ['cve5'],
    });
    // The vector says 9.8; the CNA's "baseScore" 9.2 was the temporal score.
    expect(record.cvss).toEqual({
      version: '3.1',
      score: 9.8,
      severity: 'CRITICAL',
      vector: expect.stringContaining('CVSS:3.1/'),
    });
    expect(record.applicability).toEqual([
      expect.objectContaining({
        source: 'cve5',
        provider: 'cna',
        vendor: 'Fortinet',
        product: 'FortiOS',
        defaultStatus: 'unaffected',
      }),
    ]);
  });

  it('rejects other data versions and bad SSVC content with a path', () => {
    expect(() => parseCve5Record({ ...cve5(), dataVersion: '4.0' })).toThrow(
      'dataVersion: must be a CVE JSON 5.x dataVersion',
    );
    const bad = cve5();
    (bad.containers.adp[0]?.metrics[0] as { other: { content: unknown } }).other.content = {
      options: [{ Exploitation: 'maybe' }],
    };
    expect(() => parseCve5Record(bad)).toThrow('containers.adp[0].metrics[0].other.content: SSVC options');
  });

  it('keeps a rejected record, flagged', () => {
    const rejected = parseCve5Record({ ...cve5(), cveMetadata: { cveId: 'CVE-2023-27997', state: 'REJECTED' } });
    expect(rejected.rejected).toBe(true);
  });
});

describe('NVD CVE API 2.0 responses', () => {
  it('normalises configurations, the Primary CVSS, CWEs and UTC times', () => {
    const [record] = parseNvdCveResponse(nvdResponse({})).records;
    expect(record).toMatchObject({
      cve: 'CVE-2023-0001',
      published: '2023-02-08T18:15:11.523Z',
      cvss: { version: '3.1', score: 6.7, severity: 'MEDIUM' },
      cwe: ['CWE-319'],
      sources: ['nvd'],
    });
    expect(record?.applicability[0]).toMatchObject({
      source: 'nvd',
      operator: 'AND',
      nodes: [{ operator: 'OR' }, { operator: 'OR' }],
    });
  });

  it('takes KEV dates NVD carries', () => {
    const [record] = parseNvdCveResponse(
      nvdResponse({ cisaExploitAdd: '2023-03-01', cisaActionDue: '2023-03-22' }),
    ).records;
    expect(record?.kev).toEqual({ dateAdded: '2023-03-01', dueDate: '2023-03-22', ransomware: null, action: null });
  });

  it('names the path of a bad node operator', () => {
    const bad = nvdResponse({ configurations: [{ nodes: [{ operator: 'XOR', cpeMatch: [] }] }] });
    expect(() => parseNvdCveResponse(bad)).toThrow(
      /vulnerabilities\[0\]\.cve\.configurations\[0\]\.nodes\[0\]\.operator/,
    );
  });
});

describe('EPSS CSV', () => {
  const csv =
    '#model_version:v2023.03.01,score_date:2023-03-20T00:00:00+0000\ncve,epss,percentile\nCVE-2024-21762,0.93,0.998\r\nCVE-1999-0001,0.01167,0.83060\n';

  it('reads the model line and the rows', () => {
    const epss = parseEpssCsv(csv);
    expect(epss).toMatchObject({ modelVersion: 'v2023.03.01', scoreDate: '2023-03-20T00:00:00+0000' });
    expect(epss.records.map((r) => [r.cve, r.epss?.score, r.epss?.percentile])).toEqual([
      ['CVE-2024-21762', 0.93, 0.998],
      ['CVE-1999-0001', 0.01167, 0.8306],
    ]);
  });

  it('reports the line of a bad row', () => {
    expect(() => parseEpssCsv('cve,epss,percentile\nCVE-2024-1234,1.5,0.2\n')).toThrow('EPSS CSV line 2: epss "1.5"');
    expect(() => parseEpssCsv('cve,epss\nCVE-x,0.1\n')).toThrow('line 2: "CVE-x" is not a CVE id');
    expect(() => parseEpssCsv('a,b\n')).toThrow('header must name the columns cve and epss');
  });
});

describe('hostile input', () => {
  it('rejects non-JSON, wrong shapes and oversized fields with an InputError', () => {
    expect(() => parseVulnFeed('{"vulnerabilities": [', 'x.json')).toThrow(/x\.json: not valid JSON/);
    expect(() => parseVulnFeed('[[[[[[[[[[]]]]]]]]]]', 'x.json')).toThrow(InputError);
    expect(() => parseVulnFeed('<html>', 'x.html')).toThrow('x.html: neither JSON nor an EPSS CSV');
    expect(() => parseVulnFeed('{"hello": 1}', 'x.json')).toThrow(
      'not a KEV catalogue, CVE 5 record, NVD CVE response or EPSS CSV',
    );
    const huge = { ...cve5() };
    huge.containers.cna.descriptions = [{ lang: 'en', value: 'x'.repeat(70_000) }];
    expect(() => parseCve5Record(huge)).toThrow('containers.cna.descriptions[0].value');
  });

  it('does not let __proto__ keys through', () => {
    const text = JSON.stringify(kevCatalogue([kevEntry('CVE-2024-21762')])).replace(
      '{',
      '{"__proto__":{"polluted":true},',
    );
    const { records } = parseKevCatalogue(text);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(records[0] ?? {})).not.toContain('__proto__');
  });
});

describe('recognising a feed by its content', () => {
  it.each([
    [JSON.stringify(kevCatalogue([kevEntry('CVE-2024-21762')])), 'kev'],
    [JSON.stringify(cve5()), 'cve5'],
    [JSON.stringify([cve5(), cve5()]), 'cve5'],
    [JSON.stringify(nvdResponse({})), 'nvd'],
    ['cve,epss,percentile\nCVE-2024-21762,0.9,0.99\n', 'epss'],
  ])('%#', (text, kind) => {
    expect(parseVulnFeed(text).kind).toBe(kind);
  });

  it('points out an NVD CPE dictionary', () => {
    expect(() => parseVulnFeed('{"format":"NVD_CPE","products":[]}', 'cpes.json')).toThrow('an NVD CPE dictionary');
  });
});
