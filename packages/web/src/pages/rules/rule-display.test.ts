import type { RuleState, RuleSummary } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import {
  conditionText,
  describeLogsource,
  filterRules,
  ruleCountText,
  scannedText,
  sourceText,
  stateText,
} from './rule-display.ts';

function rule(id: string, title: string, tags: string[] = []): RuleSummary {
  return {
    id,
    title,
    level: 'high',
    status: 'test',
    description: null,
    author: null,
    references: [],
    tags,
    logsource: { product: 'windows' },
    file: `${id}.yml`,
  };
}

const rules = [rule('abc-1', 'Brute force login'), rule('def-2', 'Port scan', ['attack.t1046']), rule('x', 'Other')];

describe('filterRules', () => {
  it('keeps everything for blank text', () => {
    expect(filterRules(rules, '  ')).toHaveLength(3);
  });

  it('matches title, id or tag, ignoring case', () => {
    expect(filterRules(rules, 'BRUTE').map((r) => r.id)).toEqual(['abc-1']);
    expect(filterRules(rules, 'def').map((r) => r.id)).toEqual(['def-2']);
    expect(filterRules(rules, 't1046').map((r) => r.id)).toEqual(['def-2']);
    expect(filterRules(rules, 'nothing')).toEqual([]);
  });
});

describe('display text', () => {
  it('describes logsources', () => {
    expect(describeLogsource({})).toBe('any');
    expect(describeLogsource({ product: 'linux', service: 'sshd' })).toBe('linux / any / sshd');
  });

  it('counts rules and scanned events', () => {
    expect(ruleCountText(3, 3)).toBe('3 rules');
    expect(ruleCountText(1, 3)).toBe('1 of 3 rules');
    expect(ruleCountText(1, 1)).toBe('1 rule');
    expect(scannedText(1, true)).toBe('Scanned 1 event');
    expect(scannedText(5, false)).toContain('stopped early');
  });
});

describe('rule state display', () => {
  const state: RuleState = {
    enabled: true,
    reason: null,
    disabledFor: [],
    source: 'shipped',
    packs: [],
    packEnabled: true,
    active: true,
    inactiveReason: null,
    department: null,
    uploadedBy: null,
  };

  it('says whether a rule runs, and where it is off', () => {
    expect(stateText(state)).toBe('Active');
    expect(stateText({ ...state, enabled: false, active: false })).toBe('Off city-wide');
    expect(stateText({ ...state, packEnabled: false, active: false, packs: ['folder:ot-strict'] })).toMatch(/pack/);
    expect(stateText({ ...state, disabledFor: [{ department: 'water', reason: 'noisy' }] })).toBe(
      'Active, off for water',
    );
  });

  it('names who uploaded a rule and for which department', () => {
    expect(sourceText({ ...state, source: 'uploaded', uploadedBy: 'ana', department: 'water' })).toBe(
      'Uploaded by ana for water',
    );
  });

  it('writes correlation thresholds as comparisons', () => {
    expect(conditionText([{ op: 'gte', value: 5 }])).toBe('≥ 5');
    expect(conditionText([])).toBe('all rules');
  });
});
