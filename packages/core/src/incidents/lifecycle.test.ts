import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import {
  checkTransition,
  INCIDENT_TRANSITIONS,
  IncidentStatus,
  priorityFor,
  severityOfAlertLevel,
} from './lifecycle.ts';

describe('incident phase transitions', () => {
  it('allows the NIST cycle forward, one step back, and early closing of false positives', () => {
    const path = ['new', 'triage', 'containment', 'eradication', 'recovery', 'post_incident', 'closed'] as const;
    for (let i = 1; i < path.length; i++) {
      expect(() => checkTransition(path[i - 1]!, path[i]!, { resolutionSummary: 'done' })).not.toThrow();
    }
    expect(() => checkTransition('recovery', 'containment', {})).not.toThrow();
    expect(() => checkTransition('triage', 'closed', { resolutionSummary: 'benign scan' })).not.toThrow();
  });

  it('refuses skipping phases with a message naming what is allowed', () => {
    expect(() => checkTransition('triage', 'recovery', {})).toThrow(
      "An incident cannot move from 'triage' to 'recovery' (allowed from 'triage': containment, closed)",
    );
    expect(() => checkTransition('containment', 'closed', { resolutionSummary: 'x' })).toThrow(InputError);
  });

  it('needs a reason to reopen and a summary to close', () => {
    expect(() => checkTransition('closed', 'triage', {})).toThrow('Reopening a closed incident needs a reason');
    expect(() => checkTransition('closed', 'triage', { reason: 'attacker came back' })).not.toThrow();
    expect(() => checkTransition('post_incident', 'closed', { resolutionSummary: '  ' })).toThrow(
      'Closing an incident needs a resolution summary',
    );
  });

  it('refuses a change to the same phase', () => {
    expect(() => checkTransition('triage', 'triage', {})).toThrow(InputError);
  });

  it('lets every phase move somewhere and only reopen leave closed', () => {
    for (const status of IncidentStatus.options) expect(INCIDENT_TRANSITIONS[status].length).toBeGreaterThan(0);
    expect(INCIDENT_TRANSITIONS.closed).toEqual(['triage']);
  });
});

describe('priority and severity defaults', () => {
  it('ranks severity × service criticality', () => {
    expect(priorityFor('critical', 'critical')).toBe('P1');
    expect(priorityFor('high', 'critical')).toBe('P1');
    expect(priorityFor('high', 'medium')).toBe('P2');
    expect(priorityFor('medium', 'medium')).toBe('P3');
    expect(priorityFor('low', 'low')).toBe('P4');
  });

  it('maps Sigma levels, informational and unknown as low', () => {
    expect(severityOfAlertLevel('critical')).toBe('critical');
    expect(severityOfAlertLevel('informational')).toBe('low');
    expect(severityOfAlertLevel(null)).toBe('low');
  });
});
