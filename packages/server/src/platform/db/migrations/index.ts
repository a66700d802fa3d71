import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as events from './0002-events.ts';
import * as detection from './0003-detection.ts';
import * as inventory from './0004-inventory.ts';
import * as intelligence from './0005-intelligence.ts';
import * as findingDetails from './0006-vuln-finding-details.ts';
import * as ruleManagement from './0007-rule-management.ts';
import * as incidents from './0008-incidents.ts';
import * as posture from './0009-posture.ts';
import * as dataProtection from './0010-data-protection.ts';
import * as responseApprovals from './0011-response-approvals.ts';
import * as anonymizationJobs from './0012-anonymization-jobs.ts';
import * as incidentCasework from './0013-incident-casework.ts';
import * as notifications from './0014-notifications.ts';
import * as playbooks from './0015-playbooks.ts';
import * as incidentReports from './0016-incident-reports.ts';
import * as incidentShares from './0017-incident-shares.ts';
import * as eventSearchIndexes from './0018-event-search-indexes.ts';
import * as eventPartitions from './0019-event-partitions.ts';

/**
 * The one ordered list of migrations for both dialects. Listed explicitly, not read from the folder, so the
 * set is fixed at build time and a missing file is a compile error rather than a silently skipped step.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-foundation': foundation,
  '0002-events': events,
  '0003-detection': detection,
  '0004-inventory': inventory,
  '0005-intelligence': intelligence,
  '0006-vuln-finding-details': findingDetails,
  '0007-rule-management': ruleManagement,
  '0008-incidents': incidents,
  '0009-posture': posture,
  '0010-data-protection': dataProtection,
  '0011-response-approvals': responseApprovals,
  '0012-anonymization-jobs': anonymizationJobs,
  '0013-incident-casework': incidentCasework,
  '0014-notifications': notifications,
  '0015-playbooks': playbooks,
  '0016-incident-reports': incidentReports,
  '0017-incident-shares': incidentShares,
  '0018-event-search-indexes': eventSearchIndexes,
  '0019-event-partitions': eventPartitions,
};
