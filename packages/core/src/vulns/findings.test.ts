import { describe, expect, it } from 'vitest';
import { normaliseCvss } from './cvss.ts';
import {
  findVulnerabilities,
  type FindingAsset,
  type FindingService,
  PossibleFinding,
  VulnFinding,
} from './findings.ts';
import { buildVulnIndex } from './match.ts';
import { affected, configuration, cpe, cve5Record, nvdRecord, orNode, vulnerable } from './testing/factories.ts';
import { emptyVulnRecord, mergeVulnRecords, VulnRecord } from './vuln-record.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const fortios = (version: string) => cpe('o', 'fortinet', 'fortios', version);

const nvd = nvdRecord(
  'CVE-2024-21762',
  [configuration(orNode(vulnerable(fortios('*'), { versionStartIncluding: '7.2.0', versionEndExcluding: '7.2.7' })))],
  {
    cvss: normaliseCvss({ vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }),
    published: '2024-02-09T09:15:08.087Z',
  },
);
const cna = cve5Record(
  'CVE-2024-21762',
  [
    affected({
      vendor: 'Fortinet',
      product: 'FortiOS',
      defaultStatus: 'unaffected',
      versions: [{ version: '7.0.0', lessThan: '7.0.14', versionType: 'semver', status: 'affected' }],
    }),
  ],
  { description: 'FortiOS out-of-bound write in sslvpnd.', cwe: ['CWE-787'], published: '2024-02-09T08:14:00.000Z' },
);
const kev: VulnRecord = {
  ...emptyVulnRecord('CVE-2024-21762', 'kev'),
  description: 'KEV text',
  kev: { dateAdded: '2024-02-09', dueDate: '2024-02-16', ransomware: true, action: 'Apply mitigations.' },
};
const epss: VulnRecord = {
  ...emptyVulnRecord('CVE-2024-21762', 'epss'),
  epss: { score: 0.93, percentile: 0.998, date: '2026-11-21' },
};

describe('merging sources about one CVE', () => {
  it('combines NVD configurations, CVE 5 affected, KEV and EPSS', () => {
    const [merged] = mergeVulnRecords([epss, kev, nvd, cna]);
    expect(merged).toMatchObject({
      cve: 'CVE-2024-21762',
      published: '2024-02-09T08:14:00.000Z',
      description: 'FortiOS out-of-bound write in sslvpnd.',
      cvss: { score: 9.8 },
      cwe: ['CWE-787'],
      kev: { dueDate: '2024-02-16', ransomware: true },
      epss: { score: 0.93 },
      sources: ['cve5', 'nvd', 'kev', 'epss'],
    });
    expect(merged?.applicability.map((a) => a.source)).toEqual(['nvd', 'cve5']);
    expect(VulnRecord.parse(merged)).toEqual(merged);
  });

  it('keeps the catalogue due date over the ADP hint without one', () => {
    const adp = { ...cna, kev: { dateAdded: '2024-02-09', dueDate: null, ransomware: null, action: null } };
    expect(mergeVulnRecords([adp, kev])[0]?.kev?.dueDate).toBe('2024-02-16');
  });

  it('matches through either source after merging', () => {
    const index = buildVulnIndex([nvd, cna, kev]);
    expect(index.records).toHaveLength(1);
  });
});

describe('findings for an inventory', () => {
  const index = buildVulnIndex([
    nvd,
    cna,
    kev,
    epss,
    cve5Record(
      'CVE-2023-50232',
      [
        affected({
          vendor: 'Inductive Automation',
          product: 'Ignition',
          versions: [{ version: '8.1.31', status: 'affected' }],
        }),
      ],
      {
        cvss: normaliseCvss({ vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H' }),
      },
    ),
  ]);
  const assets: FindingAsset[] = [
    { id: 'fw-edge', software: [fortios('7.2.0')], zone: 'dmz', criticality: 'critical' },
    { id: 'fw-branch', software: [fortios('7.0.5')], zone: 'it', criticality: 'low' },
    { id: 'fw-patched', software: [fortios('7.2.7')], zone: 'dmz', criticality: 'critical' },
    { id: 'fw-unknown', software: [fortios('*')], zone: 'dmz', criticality: 'critical' },
    { id: 'scada', software: [cpe('a', 'inductiveautomation', 'ignition', '8.1.31')], zone: 'ot', criticality: 'high' },
  ];
  const services: Record<string, FindingService[]> = {
    'fw-edge': [{ id: 'water-supply', criticality: 'critical', population: 250_000 }],
    scada: [{ id: 'water-supply', criticality: 'critical', population: 250_000 }],
  };
  const { findings, possible } = findVulnerabilities(index, assets, (id) => services[id] ?? [], NOW);

  it('reports confirmed matches only, sorted by priority', () => {
    expect(findings.map((f) => [f.asset, f.cve, f.priority])).toEqual([
      ['fw-edge', 'CVE-2024-21762', 'P1'],
      ['fw-branch', 'CVE-2024-21762', 'P2'],
      ['scada', 'CVE-2023-50232', 'P3'],
    ]);
  });

  it('fills the finding fields and explains the match and the priority', () => {
    const edge = findings[0];
    expect(edge).toMatchObject({
      cvss: 9.8,
      kev: true,
      kev_due: '2024-02-16',
      epss: 0.93,
      ssvc: 'Act',
      due: '2024-02-16',
      services: ['water-supply'],
    });
    expect(edge?.reason).toMatch(
      /^cpe:2\.3:o:fortinet:fortios:7\.2\.0:\*:\*:\*:\*:\*:\*:\* matched NVD cpe:2\.3:o:fortinet:fortios:\*:.* \(versionStartIncluding 7\.2\.0, versionEndExcluding 7\.2\.7\)\. SSVC Act: exploitation active/,
    );
    expect(findings[1]?.matches).toEqual([
      expect.objectContaining({ matchedBy: 'cve5', range: '7.0.0 lessThan 7.0.14 (semver): affected' }),
    ]);
  });

  it('produces findings that validate against their published schema', () => {
    for (const finding of findings) expect(VulnFinding.parse(finding)).toEqual(finding);
    for (const entry of possible) expect(PossibleFinding.parse(entry)).toEqual(entry);
  });

  it('lists the unknown-version firewall as possible and the patched one nowhere', () => {
    expect(possible.map((p) => [p.asset, p.cve])).toEqual([['fw-unknown', 'CVE-2024-21762']]);
    expect(possible[0]?.reason).toMatch(/: version unknown$/);
    expect(findings.some((f) => f.asset === 'fw-patched')).toBe(false);
  });
});
