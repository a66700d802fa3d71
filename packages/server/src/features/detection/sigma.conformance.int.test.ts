import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compile, parseRules, type RuleRejection } from '@citysoc/core/sigma';
import { describe, expect, it } from 'vitest';
import { listRuleFiles, loadRuleDirectory } from './sigma-files.loader.ts';

const DATA = path.resolve(import.meta.dirname, '../../../../../../shared/data');
const SIGMA = path.join(DATA, 'sigma');
const SPEC_TESTS = path.join(DATA, 'sigma-spec/tests/schema');

/** A value for every `%name%` used in rules-placeholder/, so the test shows they all load once configured. */
function placeholderValues(): Record<string, string[]> {
  const names = new Set<string>();
  for (const file of listRuleFiles(path.join(SIGMA, 'rules-placeholder'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/%([^%\s]+)%/g)) names.add(m[1]!);
  }
  return Object.fromEntries([...names].map((n) => [n, [`citysoc-${n.toLowerCase()}`, 'adm_*']]));
}

interface FolderResult {
  files: number;
  loaded: number;
  refused: RuleRejection[];
}

function loadFolder(folder: string, placeholders?: Record<string, string[]>): FolderResult {
  const { rules, errors, files } = loadRuleDirectory(path.join(SIGMA, folder));
  const engine = compile(rules, placeholders ? { placeholders } : {});
  return { files, loaded: engine.rules.length, refused: [...errors, ...engine.rejected] };
}

/** Reasons with quoted values and identifiers stripped, so like refusals group together. */
function reasonKind(reason: string): string {
  return reason
    .replace(/^[\w*-]+: /, '')
    .replace(/'[^']*'/g, "'…'")
    .replace(/%[^%]+%/g, '%…%');
}

function report(folder: string, r: FolderResult): void {
  const counts = new Map<string, number>();
  for (const x of r.refused) counts.set(reasonKind(x.reason), (counts.get(reasonKind(x.reason)) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log(
    `${folder}: ${r.files} files, ${r.loaded} loaded, ${r.refused.length} refused\n` +
      top.map(([reason, n]) => `  ${n} × ${reason}`).join('\n'),
  );
}

describe('Sigma conformance on the SigmaHQ corpus', () => {
  it('loads rules/ with at most 1% refused, each refusal with a reason', () => {
    const r = loadFolder('rules');
    report('rules', r);
    expect(r.refused.length).toBeLessThanOrEqual(Math.floor(r.files * 0.01));
    for (const x of r.refused) expect(x.reason).not.toBe('');
  });

  it.each(['rules-compliance', 'deprecated', 'unsupported'])('loads or refuses every rule of %s', (folder) => {
    const r = loadFolder(folder);
    report(folder, r);
    expect(r.loaded + r.refused.length).toBeGreaterThanOrEqual(r.files);
  });

  it('refuses rules-placeholder/ without placeholder values, and loads it with them', () => {
    const without = loadFolder('rules-placeholder');
    report('rules-placeholder (no values)', without);
    expect(without.loaded).toBe(0);
    expect(without.refused.every((x) => x.reason.includes('unresolvable placeholder'))).toBe(true);
    const withValues = loadFolder('rules-placeholder', placeholderValues());
    report('rules-placeholder (standard values)', withValues);
    expect(withValues.refused).toEqual([]);
  });

  it('refuses the Sigma 1 aggregations of unsupported/ with a reason naming them', () => {
    const r = loadFolder('unsupported');
    expect(r.refused.filter((x) => /aggregation|timeframe|collections/.test(x.reason)).length).toBeGreaterThan(0);
  });
});

describe('Sigma specification schema examples', () => {
  const files = listRuleFiles(SPEC_TESTS).map((f) => path.relative(SPEC_TESTS, f));

  it.each(files.filter((f) => f.startsWith('rules')))('detection rule %s parses and compiles', (file) => {
    const { rules, errors } = parseRules(readFileSync(path.join(SPEC_TESTS, file), 'utf8'), file);
    expect(errors).toEqual([]);
    expect(compile(rules).rejected).toEqual([]);
    expect(rules).toHaveLength(1);
  });
});
