import { describe, expect, it } from 'vitest';
import { matchAsset, possibleMatches } from './match.ts';
import { configuration, cpe, node, nvdRecord, orNode, platform, vulnerable } from './testing/factories.ts';

const httpd = (version: string) => cpe('a', 'apache', 'http_server', version);
const ranged = (range: Parameters<typeof vulnerable>[1]) =>
  nvdRecord('CVE-2021-41773', [configuration(orNode(vulnerable(httpd('*'), range)))]);

describe('NVD configurations: version bounds', () => {
  const record = ranged({ versionStartIncluding: '2.4.0', versionEndExcluding: '2.4.50' });

  it('matches inside the range and says which criterion and range', () => {
    expect(matchAsset([httpd('2.4.49')], record)).toEqual([
      {
        cpe: httpd('2.4.49'),
        matchedBy: 'nvd',
        criteria: httpd('*'),
        range: 'versionStartIncluding 2.4.0, versionEndExcluding 2.4.50',
      },
    ]);
  });

  it('includes the start and excludes the end', () => {
    expect(matchAsset([httpd('2.4.0')], record)).toHaveLength(1);
    expect(matchAsset([httpd('2.4.50')], record)).toHaveLength(0);
    expect(matchAsset([httpd('2.3.99')], record)).toHaveLength(0);
  });

  it('honours versionStartExcluding and versionEndIncluding', () => {
    const other = ranged({ versionStartExcluding: '2.4.0', versionEndIncluding: '2.4.50' });
    expect(matchAsset([httpd('2.4.0')], other)).toHaveLength(0);
    expect(matchAsset([httpd('2.4.50')], other)).toHaveLength(1);
  });

  it('matches a literal criterion version exactly (trailing zeros aside)', () => {
    const literal = nvdRecord('CVE-2022-44641', [
      configuration(orNode(vulnerable(cpe('o', 'debian', 'debian_linux', '11.0')))),
    ]);
    expect(matchAsset([cpe('o', 'debian', 'debian_linux', '11')], literal)).toHaveLength(1);
    expect(matchAsset([cpe('o', 'debian', 'debian_linux', '10.0')], literal)).toHaveLength(0);
  });

  it('matches every version when the criterion has version * and no bounds', () => {
    const all = nvdRecord('CVE-2020-0001', [configuration(orNode(vulnerable(httpd('*'))))]);
    expect(matchAsset([httpd('2.2.1')], all)).toEqual([expect.objectContaining({ range: 'all versions' })]);
  });
});

describe('NVD configurations: the inventory does not know the version', () => {
  const record = ranged({ versionEndExcluding: '2.4.50' });

  it('does not count a wildcard-version asset against a ranged criterion, but lists it as possible', () => {
    expect(matchAsset([httpd('*')], record)).toEqual([]);
    expect(possibleMatches([httpd('*')], record)).toEqual([
      expect.objectContaining({ cpe: httpd('*'), why: 'version unknown' }),
    ]);
  });

  it('treats NA (-) in the inventory like an unknown version', () => {
    expect(matchAsset([httpd('-')], record)).toEqual([]);
    expect(possibleMatches([httpd('-')], record)).toHaveLength(1);
  });

  it('does not list a patched asset as possible', () => {
    expect(possibleMatches([httpd('2.4.51')], record)).toEqual([]);
  });

  it('needs the asset to name an attribute the criterion restricts (sw_edition)', () => {
    const xdr = nvdRecord('CVE-2023-0001', [
      configuration(
        orNode(
          vulnerable('cpe:2.3:a:paloaltonetworks:cortex_xdr_agent:*:*:*:*:critical_environment:*:*:*', {
            versionStartIncluding: '7.5',
            versionEndExcluding: '7.5.101',
          }),
        ),
      ),
    ]);
    const plain = 'cpe:2.3:a:paloaltonetworks:cortex_xdr_agent:7.5.50:*:*:*:*:*:*:*';
    const critical = 'cpe:2.3:a:paloaltonetworks:cortex_xdr_agent:7.5.50:*:*:*:critical_environment:*:*:*';
    const standard = 'cpe:2.3:a:paloaltonetworks:cortex_xdr_agent:7.5.50:*:*:*:standard:*:*:*';
    expect(matchAsset([critical], xdr)).toHaveLength(1);
    expect(matchAsset([standard], xdr)).toHaveLength(0);
    expect(matchAsset([plain], xdr)).toHaveLength(0);
    expect(possibleMatches([plain], xdr)[0]?.why).toMatch(/^swEdition unknown/);
  });
});

describe('NVD configurations: operators and running-on platforms', () => {
  const app = 'cpe:2.3:a:paloaltonetworks:cortex_xdr_agent:*:*:*:*:*:*:*:*';
  const windows = 'cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*';
  const record = nvdRecord('CVE-2023-0001', [
    configuration(orNode(vulnerable(app, { versionEndExcluding: '7.5.101' })), orNode(platform(windows))),
  ]);
  const agent = cpe('a', 'paloaltonetworks', 'cortex_xdr_agent', '7.5.50');

  it('requires both the vulnerable application and the platform', () => {
    expect(matchAsset([agent], record)).toEqual([]);
    expect(matchAsset([cpe('o', 'microsoft', 'windows', '-')], record)).toEqual([]);
    expect(matchAsset([agent, 'cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:x64:*'], record)).toEqual([
      expect.objectContaining({ cpe: agent, platform: ['cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:x64:*'] }),
    ]);
  });

  it('never reports the non-vulnerable platform itself', () => {
    const matches = matchAsset([agent, windows], record);
    expect(matches.map((m) => m.cpe)).toEqual([agent]);
  });

  it('lists an app on an unconfirmed platform (platform version unknown) as possible', () => {
    const possible = possibleMatches([agent, cpe('o', 'microsoft', 'windows', '*')], record);
    expect(possible).toEqual([
      expect.objectContaining({ cpe: agent, why: 'platform of the configuration not confirmed' }),
    ]);
  });

  it('ANDs criteria inside an AND node and ORs configurations', () => {
    const a = cpe('a', 'vendor', 'alpha', '1.0');
    const b = cpe('a', 'vendor', 'beta', '1.0');
    const both = nvdRecord('CVE-2020-0002', [configuration(node('AND', vulnerable(a), vulnerable(b)))]);
    expect(matchAsset([a], both)).toEqual([]);
    expect(matchAsset([a, b], both)).toHaveLength(2);
    const either = nvdRecord('CVE-2020-0003', [
      configuration(orNode(vulnerable(a))),
      configuration(orNode(vulnerable(b))),
    ]);
    expect(matchAsset([b], either)).toEqual([expect.objectContaining({ cpe: b })]);
  });

  it('never satisfies an AND node one of whose criteria does not parse', () => {
    const a = cpe('a', 'vendor', 'alpha', '1.0');
    const record = nvdRecord('CVE-2020-0005', [
      configuration(node('AND', vulnerable(a), vulnerable('cpe:2.3:a:*:beta:*'))),
    ]);
    expect(matchAsset([a], record)).toEqual([]);
  });

  it('honours negated nodes', () => {
    const a = cpe('a', 'vendor', 'alpha', '1.0');
    const b = cpe('a', 'vendor', 'beta', '1.0');
    const record = nvdRecord('CVE-2020-0004', [
      configuration(orNode(vulnerable(a)), { ...orNode(platform(b)), negate: true }),
    ]);
    expect(matchAsset([a], record)).toHaveLength(1);
    expect(matchAsset([a, b], record)).toHaveLength(0);
  });

  it('never matches a rejected CVE', () => {
    const rejected = { ...ranged({ versionEndExcluding: '2.4.50' }), rejected: true };
    expect(matchAsset([httpd('2.4.49')], rejected)).toEqual([]);
  });
});
