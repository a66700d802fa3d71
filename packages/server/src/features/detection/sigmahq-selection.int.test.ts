import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { readEventsFile } from './sigma-files.loader.ts';
import { loadSigmaHqContent, readSigmaHqSelection, SIGMAHQ_FOLDER } from './sigmahq-selection.ts';

const SIGMA = path.resolve(import.meta.dirname, '../../../../../../shared/data/sigma');
const TASK_RULE = '7595ba94-cf3b-4471-aa03-4f6baa9e5fad';
const TASK_EVENTS = path.join(
  SIGMA,
  `regression_data/rules/windows/builtin/security/win_security_susp_scheduled_task_delete_or_disable/${TASK_RULE}.json`,
);

describe('the curated SigmaHQ selection', () => {
  const selection = readSigmaHqSelection();
  const selected = loadSigmaHqContent(SIGMA, selection);

  it('takes rules from every entry, verbatim, and keeps what each entry filters on', () => {
    for (const entry of selected.entries) expect(entry.rules, entry.path).toBeGreaterThan(0);
    const rules = selected.content.rules.map((r) => r.item);
    expect(rules.length).toBeGreaterThan(1000);
    const processRules = rules.filter((r) => r.file?.startsWith('windows/process_creation/'));
    expect(processRules.length).toBeGreaterThan(100);
    for (const rule of processRules) expect(['high', 'critical']).toContain(rule.level);
    for (const rule of rules.filter((r) => r.file?.startsWith('linux/'))) {
      expect(['stable', 'test']).toContain(rule.status);
    }
    expect(rules.some((r) => r.file?.startsWith('macos/'))).toBe(false);
    // The Detection Rule License's attribution travels with the rule.
    const task = rules.find((r) => r.id === TASK_RULE);
    expect(task?.author).toBe('Nasreddine Bencherchali (Nextron Systems)');
    expect(selected.content.rules.every((r) => r.origin.folders[0] === SIGMAHQ_FOLDER)).toBe(true);
  });

  it('drops excluded folders and rule ids', () => {
    const narrowed = loadSigmaHqContent(SIGMA, {
      ...selection,
      exclude: ['windows/builtin/security', 'e3c6d245-7b8f-4e2a-c17f-a9d0e5b38f62', TASK_RULE],
    });
    const ids = new Set(narrowed.content.rules.map((r) => r.item.id));
    expect(ids.has(TASK_RULE)).toBe(false);
    expect(narrowed.content.rules.some((r) => r.item.file?.startsWith('windows/builtin/security/'))).toBe(false);
    expect(narrowed.excluded).toBeGreaterThan(100);
    expect(narrowed.content.rules.length).toBeLessThan(selected.content.rules.length);
  });

  it('refuses a selection file that points outside the checkout, and a folder that is not a checkout', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'citysoc-sigmahq-'));
    const file = path.join(dir, 'selection.yml');
    writeFileSync(file, 'source: x\nlicense: DRL-1.1\ninclude:\n  - path: ../../etc\n');
    expect(() => readSigmaHqSelection(file)).toThrow(/selection\.yml:4: include\.0\.path: a folder under rules/);
    expect(() => loadSigmaHqContent(dir, selection)).toThrow(/is not a SigmaHQ checkout/);
  });
});

describe.each(testDatabaseKinds().slice(0, 1))('SigmaHQ rules in the pipeline on $kind', (kind) => {
  let city: TestCity;
  afterEach(() => city.dispose());

  it('runs the selected rules on ingested events and alerts with the rule author and references', async () => {
    city = await createTestCity(kind, { sigmahqDir: SIGMA });
    const listed = city.services.rules.list(SYSTEM_PRINCIPAL);
    const entry = listed.rules.find((r) => r.id === TASK_RULE);
    expect(entry?.state).toMatchObject({ source: 'folder', active: true });
    expect(entry?.state.packs).toEqual([]);
    const events: Record<string, unknown>[] = [];
    for await (const { event } of readEventsFile(TASK_EVENTS)) events.push(event);
    await city.services.ingest.ingest({ channel: 'http', departmentId: 'water', format: 'ndjson' }, events);
    await city.services.detection.catchUp();
    const [alert] = await city.services.alerts.list(SYSTEM_PRINCIPAL, { limit: 10, rule: TASK_RULE });
    expect(alert?.rule).toMatchObject({
      id: TASK_RULE,
      author: 'Nasreddine Bencherchali (Nextron Systems)',
      level: 'high',
    });
    expect(alert?.rule.references.length).toBeGreaterThan(0);
  });
});
