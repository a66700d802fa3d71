import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  buildVulnIndex,
  cpeProductKey,
  type CpeDictionaryEntry,
  findVulnerabilities,
  InputError,
  matchAsset,
  matchSoftware,
  mergeVulnRecords,
  normaliseCvss,
  parseCpe,
  parseNvdCpeResponse,
  parseVulnFeed,
  possibleMatches,
  type VulnFeed,
  type VulnRecord,
} from '@citysoc/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SOFTWARE } from '../demo/demo-software.ts';

/**
 * The vulnerability core against the real public data in ../shared/data: every KEV, CVE 5 and NVD file imports
 * with the expected counts, the demo city's software finds the CVEs the data says it has, and look-alike
 * products from the NVD CPE dictionary find nothing.
 */
const SHARED = path.resolve(import.meta.dirname, '../../../../../../shared/data');
const NVD = path.join(SHARED, 'nvd/api-2.0-responses');

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const file = path.join(dir, name);
      return statSync(file).isDirectory() ? filesUnder(file) : [file];
    })
    .sort();
}

const read = (file: string) => readFileSync(file, 'utf8');
const feed = (file: string): VulnFeed => parseVulnFeed(read(file), path.relative(SHARED, file));

describe('importing ../shared/data', () => {
  it('reads the KEV catalogue: 1,404 entries, the same CVEs as the CSV edition', () => {
    const kev = feed(path.join(SHARED, 'cisa-kev/known_exploited_vulnerabilities.json'));
    expect(kev.kind).toBe('kev');
    expect(kev.summary).toBe('KEV catalogue 2025.08.25: 1404 entries');
    expect(kev.records.every((r) => r.kev?.dueDate)).toBe(true);
    // Entries added retroactively in November 2021 keep their original, earlier due dates.
    expect(kev.records.filter((r) => (r.kev?.dueDate as string) < (r.kev?.dateAdded as string))).toHaveLength(15);
    expect(kev.records.filter((r) => r.kev?.ransomware).length).toBe(293);
    const csvIds = new Set(
      read(path.join(SHARED, 'cisa-kev/known_exploited_vulnerabilities.csv')).match(/^CVE-\d{4}-\d+(?=,)/gm),
    );
    expect(csvIds).toEqual(new Set(kev.records.map((r) => r.cve)));
  });

  it('reads all 222 CVE 5 records from vulnrichment and the two schema examples', () => {
    const files = filesUnder(path.join(SHARED, 'cve/cvelist-v5-records-from-vulnrichment'));
    expect(files).toHaveLength(222);
    const records = files.flatMap((f) => feed(f).records);
    expect(records).toHaveLength(222);
    expect(records.filter((r) => r.ssvc).length).toBeGreaterThan(200);
    const index = JSON.parse(read(path.join(SHARED, 'cve/vulnrichment-sample-index.json'))) as {
      cveId: string;
      inKEV: boolean;
    }[];
    const kevIds = new Set(index.filter((e) => e.inKEV).map((e) => e.cveId));
    expect(kevIds.size).toBe(25);
    // 23 of the 25 carry the KEV date in their CISA ADP container; the catalogue supplies the other two.
    const withKev = records.filter((r) => r.kev).map((r) => r.cve);
    expect(withKev).toHaveLength(23);
    for (const cve of withKev) expect(kevIds).toContain(cve);
    for (const example of filesUnder(path.join(SHARED, 'cve/examples'))) {
      expect(feed(example).records[0]?.cve).toBe('CVE-1337-1234');
    }
  });

  it('reads the NVD CVE API pages: 200 + 200 + 1 CVEs with configurations', () => {
    const counts = ['cves-2023.json', 'cves-1999.json', 'cves-CVE-2023-0001.json'].map((f) => {
      const parsed = feed(path.join(NVD, f));
      expect(parsed.kind).toBe('nvd');
      return parsed.records.length;
    });
    expect(counts).toEqual([200, 200, 1]);
  });

  it('refuses the other NVD API responses with a reason', () => {
    for (const f of ['cpematch-CVE-2022-32223.json', 'cvehistory-CVE-2019-1010218.json', 'sources-20.json']) {
      expect(() => feed(path.join(NVD, f))).toThrow(InputError);
    }
    expect(() => feed(path.join(NVD, 'cpes-2023.json'))).toThrow('an NVD CPE dictionary');
  });

  it('reads the CPE dictionary page: 10,000 names, every one a valid CPE 2.3', () => {
    const dictionary = parseNvdCpeResponse(read(path.join(NVD, 'cpes-2023.json')));
    expect(dictionary).toHaveLength(10_000);
    expect(dictionary.filter((e) => e.deprecated)).toHaveLength(1128);
    for (const entry of dictionary) expect(() => parseCpe(entry.cpeName)).not.toThrow();
  });

  it('scores the CVSS golden vectors as NVD does', () => {
    for (const file of ['v31-scores.json', 'v30-scores.json']) {
      const vectors = JSON.parse(read(path.join(SHARED, 'nvd/cvss-test-vectors', file))) as {
        vector: string;
        score: number;
        severity: string;
      }[];
      for (const { vector, score, severity } of vectors) {
        expect(normaliseCvss({ vector }), vector).toMatchObject({ score, severity });
      }
    }
  });
});

describe('matching the real data', () => {
  let records: VulnRecord[];
  let dictionary: CpeDictionaryEntry[];

  beforeAll(() => {
    const files = [
      path.join(SHARED, 'cisa-kev/known_exploited_vulnerabilities.json'),
      ...filesUnder(path.join(SHARED, 'cve/cvelist-v5-records-from-vulnrichment')),
      ...['cves-2023.json', 'cves-1999.json', 'cves-CVE-2023-0001.json'].map((f) => path.join(NVD, f)),
    ];
    records = files.flatMap((f) => feed(f).records);
    dictionary = parseNvdCpeResponse(read(path.join(NVD, 'cpes-2023.json')));
  });

  it('merges 2,027 records into 2,001 CVEs and indexes the 1,997 not rejected, KEV joined to CVE 5 and NVD', () => {
    expect(records).toHaveLength(1404 + 222 + 401);
    const all = mergeVulnRecords(records);
    expect(all).toHaveLength(2001);
    expect(all.filter((r) => r.rejected).map((r) => r.sources)).toEqual([['nvd'], ['nvd'], ['nvd'], ['nvd']]);
    const merged = buildVulnIndex(records).records.map((c) => c.record);
    expect(merged).toHaveLength(1997);
    const cve5 = merged.filter((r) => r.sources.includes('cve5'));
    expect(cve5).toHaveLength(222);
    expect(cve5.filter((r) => r.sources.includes('kev') && r.kev?.dueDate)).toHaveLength(25);
    expect(merged.filter((r) => r.sources.includes('nvd') && r.sources.includes('kev')).length).toBeGreaterThan(0);
  });

  it("finds the demo city's known CVEs", () => {
    const index = buildVulnIndex(records);
    const cves = (cpe: string) =>
      matchSoftware(index, [cpe])
        .filter((e) => e.matches.length > 0)
        .map((e) => e.record.cve)
        .sort();
    expect(cves(SOFTWARE.fortiOsEdge)).toEqual(
      expect.arrayContaining([
        'CVE-2022-41328',
        'CVE-2022-42475',
        'CVE-2023-27997',
        'CVE-2024-21762',
        'CVE-2024-23113',
      ]),
    );
    expect(cves(SOFTWARE.fortiOsBranch)).toContain('CVE-2021-44168');
    expect(cves(SOFTWARE.fortiOsEdge)).not.toContain('CVE-2021-44168'); // "FortiOS before 7.0.3"
    expect(cves(SOFTWARE.axisOs)).toEqual(['CVE-2024-6979', 'CVE-2024-7784']);
    expect(cves(SOFTWARE.ignition)).toContain('CVE-2023-50232');
    expect(cves(SOFTWARE.westermoLynx)).toEqual(['CVE-2023-45735']);
    expect(cves(SOFTWARE.tpLinkEr7206)).toEqual(['CVE-2024-21827']);
    expect(cves(SOFTWARE.qnapQts)).toEqual(['CVE-2024-38641']);
    expect(cves(SOFTWARE.debian11)).toEqual(['CVE-2022-44641']);
    expect(cves(SOFTWARE.redLionCrimson)).toEqual(['CVE-2022-3090']);
  });

  it('prioritises the KEV-listed FortiOS flaws on an internet-facing firewall first', () => {
    const { findings } = findVulnerabilities(
      buildVulnIndex(records),
      [
        { id: 'fw-edge', software: [SOFTWARE.fortiOsEdge], zone: 'dmz', criticality: 'critical' },
        { id: 'scada', software: [SOFTWARE.ignition], zone: 'ot', criticality: 'high' },
      ],
      () => [{ id: 'water-supply', criticality: 'critical', population: 250_000 }],
      new Date('2026-11-22T00:00:00Z'),
    );
    const first = findings[0];
    expect(first).toMatchObject({ asset: 'fw-edge', priority: 'P1', ssvc: 'Act', kev: true });
    expect(findings.filter((f) => f.kev).every((f) => f.asset === 'fw-edge')).toBe(true);
    expect(findings.find((f) => f.cve === 'CVE-2024-21762')).toMatchObject({
      kev_due: '2024-02-16',
      due: '2024-02-16',
    });
  });

  it('matches a running-on configuration only with its platform (CVE-2023-0001)', () => {
    const record = records.find((r) => r.cve === 'CVE-2023-0001' && r.sources.includes('nvd')) as VulnRecord;
    const agent = 'cpe:2.3:a:paloaltonetworks:cortex_xdr_agent:7.5.100:*:*:*:critical_environment:*:*:*';
    expect(matchAsset([agent], record)).toEqual([]);
    expect(matchAsset([agent, SOFTWARE.windows], record)).toEqual([
      expect.objectContaining({ cpe: agent, platform: [SOFTWARE.windows] }),
    ]);
    expect(matchAsset([agent.replace('7.5.100', '7.5.101'), SOFTWARE.windows], record)).toEqual([]);
  });

  it('does not count the demo Hikvision NVR, whose version is unknown', () => {
    const record = records.find((r) => r.cve === 'CVE-2024-29949') as VulnRecord;
    expect(matchAsset([SOFTWARE.hikvisionNvr], record)).toEqual([]);
    expect(possibleMatches([SOFTWARE.hikvisionNvr], record).length).toBeGreaterThan(0);
  });

  it('never matches look-alike products from the CPE dictionary', () => {
    const index = buildVulnIndex(records);
    const names = (pattern: RegExp) => dictionary.map((e) => e.cpeName).filter((n) => pattern.test(n));
    // Same product name, other vendors: Apache httpd CVEs (CVE-1999-0070 < 1.3.0, CVE-1999-0236 all versions).
    const httpd = names(/^cpe:2\.3:a:(hp|ibm|novell|oracle):http_server:/);
    expect(httpd).toHaveLength(23);
    for (const name of httpd) expect(matchSoftware(index, [name])).toEqual([]);
    expect(matchSoftware(index, ['cpe:2.3:a:apache:http_server:1.2:*:*:*:*:*:*:*']).map((e) => e.record.cve)).toContain(
      'CVE-1999-0070',
    );
    // Sendmail of HP and Red Hat vs Eric Allman's sendmail, whose CVE-1999-0145 covers every version.
    for (const name of names(/^cpe:2\.3:a:(hp|redhat):sendmail:/)) expect(matchSoftware(index, [name])).toEqual([]);
    // Apache Tomcat is not Apache httpd.
    const tomcat = names(/^cpe:2\.3:a:apache:tomcat:/);
    expect(tomcat.length).toBeGreaterThan(100);
    for (const name of tomcat) {
      for (const e of matchSoftware(index, [name]))
        expect(e.matches.every((m) => m.criteria.includes(':tomcat:'))).toBe(true);
    }
    // The camera vendor Axis and Apache's SOAP library "axis" do not meet.
    for (const name of names(/^cpe:2\.3:(a:apache:axis|h:axis):/)) {
      for (const e of matchSoftware(index, [name])) {
        expect(e.matches.every((m) => cpeProductKey(parseCpe(m.criteria)) === cpeProductKey(parseCpe(name)))).toBe(
          true,
        );
      }
    }
  });

  it('finds across all 10,000 dictionary entries only same-vendor, same-product matches, none by a wildcard version', () => {
    const index = buildVulnIndex(records);
    const assets = dictionary.map((e, i) => ({
      id: `cpe-${i}`,
      software: [e.cpeName],
      criticality: 'medium' as const,
    }));
    const byId = new Map(assets.map((a) => [a.id, a.software[0] as string]));
    const { findings, possible } = findVulnerabilities(index, assets, () => [], new Date('2026-11-22T00:00:00Z'));
    expect(findings.length).toBeGreaterThan(500);
    expect(possible.length).toBeGreaterThan(100);
    for (const finding of findings) {
      const asset = parseCpe(byId.get(finding.asset) as string);
      for (const match of finding.matches) {
        const criteria =
          match.matchedBy === 'nvd' || match.criteria.startsWith('cpe:')
            ? cpeProductKey(parseCpe(match.criteria))
            : null;
        if (criteria) expect(criteria).toBe(cpeProductKey(asset));
        if (typeof asset.version !== 'string')
          expect(match.range).toMatch(/^(all versions|version -|defaultStatus affected)/);
      }
    }
  });
});
