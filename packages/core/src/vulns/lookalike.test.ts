import { describe, expect, it } from 'vitest';
import { buildVulnIndex, matchAsset, matchSoftware, possibleMatches } from './match.ts';
import { affected, configuration, cpe, cve5Record, nvdRecord, orNode, vulnerable } from './testing/factories.ts';

/**
 * The false positives users of other scanners complain of: products matched by a similar name, a shared
 * product word, or a vendor's other product; and wildcard CPEs flagging systems that may well be patched.
 */
describe('look-alike products never match', () => {
  const cameraApp = nvdRecord('CVE-2020-9999', [
    configuration(orNode(vulnerable(cpe('a', 'foscam', 'ip_camera', '*'), { versionEndExcluding: '2.0' }))),
  ]);

  it("an IP-camera vendor's device does not match another vendor's camera app of the same name", () => {
    expect(matchAsset([cpe('h', 'hikvision', 'ip_camera', '1.0')], cameraApp)).toEqual([]);
    expect(matchAsset([cpe('a', 'hikvision', 'ip_camera', '1.0')], cameraApp)).toEqual([]);
    expect(possibleMatches([cpe('a', 'hikvision', 'ip_camera', '*')], cameraApp)).toEqual([]);
  });

  it('a product name that contains the vulnerable one does not match', () => {
    expect(matchAsset([cpe('a', 'foscam', 'ip_camera_viewer', '1.0')], cameraApp)).toEqual([]);
    expect(matchAsset([cpe('a', 'foscam', 'ip', '1.0')], cameraApp)).toEqual([]);
  });

  it('a CVE 5 product of a camera vendor does not match the same model name of another vendor', () => {
    const vivotek = cve5Record('CVE-2024-7439', [
      affected({ vendor: 'Vivotek', product: 'CC8160', defaultStatus: 'affected' }),
    ]);
    expect(matchAsset([cpe('h', 'vivotek', 'cc8160', '-')], vivotek)).toHaveLength(1);
    expect(matchAsset([cpe('h', 'acme_cameras', 'cc8160', '-')], vivotek)).toEqual([]);
    expect(matchAsset([cpe('h', 'vivotek_inc', 'cc8160', '-')], vivotek)).toHaveLength(1);
  });

  it('apache:http_server vulnerabilities do not touch apache:tomcat, and vice versa', () => {
    const httpd = nvdRecord('CVE-2021-41773', [
      configuration(orNode(vulnerable(cpe('a', 'apache', 'http_server', '2.4.49')))),
    ]);
    const tomcat = nvdRecord('CVE-2020-1938', [
      configuration(orNode(vulnerable(cpe('a', 'apache', 'tomcat', '*'), { versionEndExcluding: '9.0.31' }))),
    ]);
    expect(matchAsset([cpe('a', 'apache', 'tomcat', '2.4.49')], httpd)).toEqual([]);
    expect(matchAsset([cpe('a', 'apache', 'http_server', '9.0.0')], tomcat)).toEqual([]);
    expect(matchAsset([cpe('a', 'apache', 'http_server', '2.4.49')], httpd)).toHaveLength(1);
  });

  it('http_server of IBM or Oracle does not match Apache http_server', () => {
    const httpd = nvdRecord('CVE-1999-0070', [
      configuration(orNode(vulnerable(cpe('a', 'apache', 'http_server', '*'), { versionEndExcluding: '1.3.0' }))),
    ]);
    for (const vendor of ['ibm', 'oracle', 'hp', 'novell']) {
      expect(matchAsset([cpe('a', vendor, 'http_server', '1.2')], httpd)).toEqual([]);
    }
  });

  it('a vendor name that only starts like another does not match', () => {
    const axis = cve5Record('CVE-2024-7784', [
      affected({ cpes: ['cpe:2.3:o:axis:axis_os:*:*:*:*:*:*:*:*'], defaultStatus: 'affected' }),
    ]);
    expect(matchAsset([cpe('o', 'axis', 'axis_os', '11.11')], axis)).toHaveLength(1);
    expect(matchAsset([cpe('o', 'axisbank', 'axis_os', '11.11')], axis)).toEqual([]);
    expect(matchAsset([cpe('o', 'axis', 'axis_os2', '11.11')], axis)).toEqual([]);
  });

  it('the index returns nothing for look-alikes either', () => {
    const index = buildVulnIndex([
      nvdRecord('CVE-2020-9999', [configuration(orNode(vulnerable(cpe('a', 'foscam', 'ip_camera', '1.0'))))]),
    ]);
    expect(matchSoftware(index, [cpe('a', 'hikvision', 'ip_camera', '1.0')])).toEqual([]);
    expect(matchSoftware(index, [cpe('a', 'foscam', 'ip_camera', '1.0')])).toHaveLength(1);
  });
});

describe('wildcard versions never become findings', () => {
  const ranged = nvdRecord('CVE-2021-41773', [
    configuration(
      orNode(
        vulnerable(cpe('a', 'apache', 'http_server', '*'), {
          versionStartIncluding: '2.4.49',
          versionEndExcluding: '2.4.51',
        }),
      ),
    ),
  ]);

  it('an inventory entry with version * is possible, not found', () => {
    const index = buildVulnIndex([ranged]);
    const [evaluation] = matchSoftware(index, [cpe('a', 'apache', 'http_server', '*')]);
    expect(evaluation?.matches).toEqual([]);
    expect(evaluation?.possible).toHaveLength(1);
  });

  it('a patched system is neither found nor possible', () => {
    expect(matchSoftware(buildVulnIndex([ranged]), [cpe('a', 'apache', 'http_server', '2.4.51')])).toEqual([]);
  });
});
