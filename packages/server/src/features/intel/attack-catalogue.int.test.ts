import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attackCatalogue, attackCoverage, attackTechniqueIds } from '@citysoc/core';

const ATTACK = path.resolve(import.meta.dirname, '../../../../../../shared/data/mitre-attack');
type Loose = Record<string, unknown>;
const enterprise = readFileSync(path.join(ATTACK, 'enterprise-attack-18.1-stix20-objects.ndjson'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Loose);
const ics = (JSON.parse(readFileSync(path.join(ATTACK, 'ics-attack-18.1.json'), 'utf8')) as { objects: Loose[] })
  .objects;

describe('ATT&CK catalogue', () => {
  it('reads the enterprise matrix (STIX 2.0): 14 tactics in matrix order, 691 live techniques, 216 top-level', () => {
    const catalogue = attackCatalogue(enterprise, 'enterprise');
    expect(catalogue.tactics).toHaveLength(14);
    expect(catalogue.tactics[0]).toEqual({ id: 'TA0043', shortname: 'reconnaissance', name: 'Reconnaissance' });
    expect(catalogue.tactics.at(-1)?.shortname).toBe('impact');
    expect(catalogue.techniques.size).toBe(691);
    expect([...catalogue.techniques.values()].filter((t) => t.parent === null)).toHaveLength(216);
    expect(catalogue.techniques.get('T1190')).toMatchObject({
      name: 'Exploit Public-Facing Application',
      tactics: ['initial-access'],
      parent: null,
    });
    expect(catalogue.techniques.get('T1059.001')).toMatchObject({ name: 'PowerShell', parent: 'T1059' });
  });

  it('reads the ICS matrix (STIX 2.1) apart from enterprise', () => {
    const catalogue = attackCatalogue(ics, 'ics');
    expect(catalogue.tactics.map((t) => t.shortname)).toContain('inhibit-response-function');
    expect(catalogue.tactics).toHaveLength(12);
    expect(catalogue.techniques.size).toBe(83);
    expect(catalogue.techniques.get('T0803')?.name).toBe('Block Command Message');
    expect(attackCatalogue(ics, 'enterprise').techniques.size).toBe(0);
  });

  it('rolls rules and alerts up to the techniques of the matrix, sub-techniques into their parent', () => {
    const catalogue = attackCatalogue(enterprise, 'enterprise');
    const coverage = attackCoverage(catalogue, {
      rules: [
        { id: 'r-ps', tags: ['attack.execution', 'attack.t1059.001'] },
        { id: 'r-cmd', tags: ['attack.t1059.003'] },
        { id: 'r-web', tags: ['attack.initial-access', 'attack.t1190'] },
        { id: 'r-none', tags: ['attack.execution'] },
      ],
      alerts: new Map([
        ['T1059.001', 4],
        ['T1059', 1],
      ]),
    });
    expect(coverage).toMatchObject({ imported: true, techniques_total: 216, techniques_covered: 2 });
    const execution = coverage.tactics.find((t) => t.shortname === 'execution');
    expect(execution?.techniques.find((t) => t.id === 'T1059')).toMatchObject({
      rules: ['r-cmd', 'r-ps'],
      alerts_30d: 5,
    });
    const initial = coverage.tactics.find((t) => t.shortname === 'initial-access');
    expect(initial?.techniques.find((t) => t.id === 'T1190')?.rules).toEqual(['r-web']);
    expect(attackCoverage(attackCatalogue([], 'enterprise'), { rules: [], alerts: new Map() })).toMatchObject({
      imported: false,
      tactics: [],
    });
  });

  it('reads technique ids from Sigma tags only in their exact form', () => {
    expect(
      attackTechniqueIds(['attack.t1059.001', 'attack.T1190', 'attack.execution', 'attack.t12', 'cve.2021']),
    ).toEqual(['T1059.001', 'T1190']);
  });
});
