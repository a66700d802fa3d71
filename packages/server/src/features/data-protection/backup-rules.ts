import type { AlertRule, BackupProblem } from '@citysoc/core';

/**
 * The rules CitySOC evaluates itself on backup reports: their metadata is what an alert shows as its rule. Ids
 * are stable (alerts are keyed by rule id and event id; the event id is the problem's episode key).
 */
const base = { author: 'CitySOC', references: [], falsepositives: [] } satisfies Partial<AlertRule>;

export const BACKUP_RULES: Readonly<Record<BackupProblem['kind'], AlertRule>> = {
  backup_late: {
    ...base,
    id: 'citysoc-backup-late',
    title: 'Backup late',
    level: 'high',
    description:
      "The dataset's newest successful backup is older than its recovery point objective: data written since " +
      'then would be lost in an incident (ransomware, failure, deletion).',
    tags: ['attack.impact', 'attack.t1490', 'citysoc.backup'],
    falsepositives: ['A backup system that reports late', 'An RPO stricter than the backup schedule'],
  },
  restore_failed: {
    ...base,
    id: 'citysoc-restore-failed',
    title: 'Restore test failed',
    level: 'high',
    description: 'A restore test of the dataset failed: its backups may not restore when they are needed.',
    tags: ['citysoc.backup'],
    falsepositives: ['A fault in the test environment rather than in the backup'],
  },
  restore_too_slow: {
    ...base,
    id: 'citysoc-restore-too-slow',
    title: 'Restore slower than the RTO',
    level: 'medium',
    description: "A restore test took longer than the dataset's recovery time objective.",
    tags: ['citysoc.backup'],
    falsepositives: ['A test environment much slower than production'],
  },
  restore_overdue: {
    ...base,
    id: 'citysoc-restore-overdue',
    title: 'Restore test overdue',
    level: 'medium',
    description:
      'No successful restore test of the dataset within the required period (90 days unless configured): ' +
      'backups that were never restored are not known to work.',
    tags: ['citysoc.backup'],
    falsepositives: ['Restore tests done but not reported to CitySOC'],
  },
};
