import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NotAllowedError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { parseInventoryDocument, readInventoryText } from '../inventory/index.ts';

const DATA = path.resolve(import.meta.dirname, '../../../../../../shared/data');

/** Every JSON file under a folder of the shared data. */
function files(folder: string): string[] {
  return readdirSync(path.join(DATA, folder), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json') && !/schema/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

const INVENTORY = `
departments: [{id: water, name: Water Utility}]
services:
  - {id: water-supply, name: Drinking water, department: water, criticality: critical, population: 250000,
     depends_on: [{asset: edge-fw}]}
assets:
  - {id: edge-fw, name: Edge firewall, type: network, department: water, zone: dmz,
     software: ['cpe:2.3:o:fortinet:fortios:7.2.0:*:*:*:*:*:*:*']}
  - {id: lookalike, name: Not Fortinet, type: network, department: water, zone: it,
     software: ['cpe:2.3:o:fortinet_clone:fortios:7.2.0:*:*:*:*:*:*:*']}
  - {id: unknown-version, name: Fortinet of unknown version, type: network, department: water, zone: it,
     software: ['cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*']}
`;

describe.each(testDatabaseKinds())('vulnerability findings on $kind', (kind) => {
  // One city for the whole suite: importing every feed takes seconds; tests leave the inventory as they found it.
  let city: TestCity;
  beforeAll(async () => {
    city = await createTestCity(kind);
    await city.services.inventory.importDocument(
      SYSTEM_PRINCIPAL,
      parseInventoryDocument(readInventoryText(INVENTORY)),
    );
    const feeds = [
      ...files('nvd/api-2.0-responses'),
      ...files('cve/cvelist-v5-records-from-vulnrichment'),
      path.join(DATA, 'cisa-kev/known_exploited_vulnerabilities.json'),
    ];
    const results = await city.services.vulns.importFeeds(
      SYSTEM_PRINCIPAL,
      feeds.map((name) => ({ name, text: readFileSync(name, 'utf8') })),
    );
    // NVD's cpematch, history and source responses are not CVE feeds: refused by name, the rest imported.
    expect(results.filter((r) => 'error' in r).length).toBeLessThan(results.length / 10);
  }, 120_000);
  afterAll(() => {
    city.services.vulns.close();
    return city.dispose();
  });

  it('finds the KEV-listed FortiOS flaws on the internet-facing firewall first, and nothing on look-alikes', async () => {
    const findings = await city.services.vulns.findings(SYSTEM_PRINCIPAL);
    const assets = new Set(findings.map((f) => f.asset));
    expect(assets).toEqual(new Set(['edge-fw']));
    const cves = findings.map((f) => f.cve);
    expect(cves).toEqual(expect.arrayContaining(['CVE-2022-41328', 'CVE-2023-27997', 'CVE-2024-21762']));
    const first = findings[0]!;
    expect(first).toMatchObject({ priority: 'P1', ssvc: 'Act', kev: true, services: ['water-supply'], status: 'open' });
    expect(first.reason).toContain('cpe:2.3:o:fortinet:fortios:7.2.0');
    expect(first.kev_due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('keeps decisions, closes findings that no longer match, and reopens them if they return', async () => {
    const [finding] = await city.services.vulns.findings(SYSTEM_PRINCIPAL);
    const operator = await city.addUser('op', 'soc_operator');
    await expect(
      city.services.vulns.decide(operator, finding!.id, { status: 'false_positive', note: 'no' }),
    ).rejects.toThrow(NotAllowedError);
    const accepted = await city.services.vulns.decide(SYSTEM_PRINCIPAL, finding!.id, {
      status: 'accepted',
      note: 'compensating control: WAF in front',
      until: '2099-01-01',
    });
    expect(accepted).toMatchObject({ status: 'accepted', decided_by: 'citysoc-cli' });
    await city.services.vulns.evaluate();
    expect((await city.services.vulns.findings(SYSTEM_PRINCIPAL, { status: 'accepted' })).map((f) => f.id)).toEqual([
      finding!.id,
    ]);

    const patched = parseInventoryDocument(readInventoryText(INVENTORY.replace('fortios:7.2.0', 'fortios:7.6.9')));
    await city.services.inventory.importDocument(SYSTEM_PRINCIPAL, patched);
    await city.services.city.current();
    await city.services.vulns.evaluate();
    const open = await city.services.vulns.findings(SYSTEM_PRINCIPAL, { status: 'open' });
    expect(open.filter((f) => f.cve === 'CVE-2023-27997')).toEqual([]);
    expect((await city.services.vulns.findings(SYSTEM_PRINCIPAL, { status: 'fixed' })).length).toBeGreaterThan(0);

    await city.services.inventory.importDocument(
      SYSTEM_PRINCIPAL,
      parseInventoryDocument(readInventoryText(INVENTORY)),
    );
    await city.services.city.current();
    await city.services.vulns.evaluate();
    const reopened = await city.services.vulns.findings(SYSTEM_PRINCIPAL, { status: 'open' });
    expect(reopened.map((f) => f.cve)).toContain('CVE-2023-27997');
  });

  it("shows a department only its own assets' findings", async () => {
    const energy = await city.addUser('e-admin', 'sysadmin', ['energy']);
    expect(await city.services.vulns.findings(energy)).toEqual([]);
  });
});
