import { describe, expect, it } from 'vitest';
import { rpoText } from './data-protection-display.ts';

describe('rpo text', () => {
  it('says late with the age against the objective, and never for no backup', () => {
    const lastSuccess = '2026-01-01T00:00:00.000Z';
    expect(
      rpoText({ rpo_status: 'late', backup_age_seconds: 90_000, rpo_seconds: 86_400, last_success_at: lastSuccess }),
    ).toEqual({
      text: 'Late: 1 d 1 h old (RPO 1 d)',
      bad: true,
    });
    expect(rpoText({ rpo_status: 'ok', backup_age_seconds: 4, rpo_seconds: 3600, last_success_at: null }).text).toBe(
      'OK: no backup yet (RPO 1 h)',
    );
    const untracked = {
      rpo_status: 'not_tracked',
      backup_age_seconds: null,
      rpo_seconds: null,
      last_success_at: null,
    } as const;
    expect(rpoText(untracked).bad).toBe(false);
  });
});
