import { describe, expect, it } from 'vitest';
import { type BackupEvidence, backupStatusOf } from './backup-status.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const ago = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();
const policy = {
  id: 'ds',
  name: 'Dataset',
  department: 'water',
  classification: 'internal',
  rpo: 86_400,
  rto: 3_600,
  created_at: ago(24 * 365),
};
const ev = (
  kind: BackupEvidence['kind'],
  status: BackupEvidence['status'],
  hours: number,
  duration: number | null = null,
) =>
  ({
    id: `${kind}${hours}`,
    kind,
    status,
    at: ago(hours),
    durationSeconds: duration,
    target: 'dataset:ds',
    source: 'api',
  }) as const;

describe('backup status', () => {
  it('is late when the newest success is older than the RPO, whatever failed since', () => {
    const { status, problems } = backupStatusOf(
      policy,
      [ev('job', 'success', 30), ev('job', 'failed', 1)],
      NOW,
      90 * 86_400,
    );
    expect(status.rpo_status).toBe('late');
    expect(problems.map((p) => p.key)).toContain(`backup-late:ds:${ago(30)}`);
  });

  it('judges restore tests by outcome, RTO and age', () => {
    const fresh = [ev('job', 'success', 1)];
    const run = (tests: BackupEvidence[]) => backupStatusOf(policy, [...fresh, ...tests], NOW, 90 * 86_400).status;
    expect(run([ev('restore_test', 'success', 24, 1800)]).restore_status).toBe('ok');
    expect(run([ev('restore_test', 'success', 24, 7200)]).restore_status).toBe('too_slow');
    expect(run([ev('restore_test', 'failed', 24, 60)]).restore_status).toBe('failed');
    expect(run([ev('restore_test', 'success', 24 * 91, 60)]).restore_status).toBe('overdue');
    expect(backupStatusOf({ ...policy, rpo: undefined, rto: undefined }, fresh, NOW, 1).status).toMatchObject({
      rpo_status: 'not_tracked',
      restore_status: 'not_tracked',
    });
  });
});
