import type { PlaybookRun, PlaybookRunStep } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import { approvalBlock, describeAttempt, describeKinds, impactSummary } from './playbook-display.ts';

function step(overrides: Partial<PlaybookRunStep> = {}): PlaybookRunStep {
  return {
    id: 's1',
    stepId: 'isolate',
    position: 0,
    kind: 'isolate_asset',
    title: 'Isolate asset (scada-1)',
    item: 'scada-1',
    state: 'awaiting_approval',
    impact: null,
    twoPerson: false,
    action: 'isolate',
    approvals: [],
    responseApprovalId: null,
    attempts: [],
    summary: null,
    output: {},
    error: null,
    actor: null,
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

const run = (overrides: Partial<PlaybookRun> = {}): PlaybookRun => ({
  id: 'r1',
  incidentId: 'i1',
  departmentId: 'water',
  playbookId: 'p',
  playbookVersion: 1,
  playbookTitle: 'P',
  trigger: 'manual',
  triggerReason: null,
  inputs: {},
  state: 'waiting',
  startedBy: 'olga',
  startedAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  finishedAt: null,
  error: null,
  steps: [],
  ...overrides,
});

const olga = { id: 'u-olga', username: 'olga' };
const wendy = { id: 'u-wendy', username: 'wendy' };

describe('playbook display', () => {
  it('says why a person cannot approve', () => {
    expect(approvalBlock(run(), step(), olga, true)).toBeNull();
    expect(approvalBlock(run(), step(), olga, false)).toContain('assets.contain');
    expect(approvalBlock(run(), step({ twoPerson: true }), olga, true)).toContain('other than the starter');
    expect(approvalBlock(run(), step({ twoPerson: true }), wendy, true)).toBeNull();
    const approved = step({ twoPerson: true, approvals: [{ by: 'wendy', byId: 'u-wendy', at: '', reason: 'ok' }] });
    expect(approvalBlock(run({ trigger: 'auto' }), approved, wendy, true)).toContain('already approved');
    expect(approvalBlock(run(), step({ state: 'succeeded' }), wendy, true)).toBe('Not waiting');
  });

  it('summarises the impact and the attempts', () => {
    expect(impactSummary(null)).toBe('No city service depends on it');
    const impact = {
      services: [
        { id: 'w', name: 'Water', department: 'water', state: 'degraded' as const, population: 250_000, path: [] },
      ],
      assets: [],
      population_affected: 250_000,
      other_departments: { services: 1, assets: 0, population: 0 },
    };
    expect(impactSummary(impact)).toBe('0 services down, 1 degraded (+1 in other departments); 250,000 residents');
    expect(describeAttempt({ attempt: 2, at: '', ok: false, status: 500, error: 'HTTP 500', retryInMs: 1234 })).toBe(
      'attempt 2: HTTP 500, retry in 1.2 s',
    );
    expect(describeKinds(['create_task', 'block', 'block', 'isolate_asset'])).toBe(
      'creates tasks, blocks indicators, isolates assets',
    );
  });
});
