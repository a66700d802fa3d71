import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/log.ts';
import { loadPlaybookCatalogue } from './playbook-catalogue.ts';

describe('playbook catalogue', () => {
  it('loads every shipped playbook', () => {
    const catalogue = loadPlaybookCatalogue(undefined, createLogger('silent'));
    expect(catalogue.rejected).toEqual([]);
    expect(catalogue.playbooks.map((p) => p.id).sort()).toEqual([
      'brute-force',
      'ddos-egov-portal',
      'iot-camera-compromise',
      'ot-plc-program-change',
      'personal-data-breach',
      'ransomware-server',
    ]);
    expect(catalogue.fileOf('ransomware-server')).toBe('ransomware-server.yml');
  });

  it('refuses a bad file with the file, line and reason, and loads the rest', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'citysoc-playbooks-'));
    try {
      writeFileSync(
        path.join(dir, 'good.yml'),
        'id: good\nversion: 1\ntitle: Good\nsteps:\n  - {id: t, kind: create_task, task: {title: x}}\n',
      );
      writeFileSync(
        path.join(dir, 'bad.yml'),
        'id: bad\nversion: 1\ntitle: Bad\nsteps:\n  - {id: t, kind: create_task, task: {title: "{{incident.password}}"}}\n',
      );
      const catalogue = loadPlaybookCatalogue(dir, createLogger('silent'));
      expect(catalogue.playbooks.map((p) => p.id)).toEqual(['good']);
      expect(catalogue.rejected).toEqual([
        expect.objectContaining({ file: 'bad.yml', line: 5, message: expect.stringContaining('incident.password') }),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
