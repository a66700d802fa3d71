import type { FindingCriteria } from '../../api/vulns.ts';
import { FindingStatus, type FindingView } from '../../api/vulns-schemas.ts';

/**
 * The Findings page's filters, kept in the address so that a figure on the overview can link to its findings
 * (`?priority=P1`, `?kev=1`, `?due=overdue`, `?service=water-supply`). Status and department are asked of the
 * server; priority, service, KEV and due date narrow its answer in the browser.
 */

export type StatusChoice = FindingStatus | 'all';
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type PriorityChoice = (typeof PRIORITIES)[number] | '';
export const DUE_CHOICES = ['', 'overdue', '7d'] as const;
export type DueChoice = (typeof DUE_CHOICES)[number];

export interface FindingFilter {
  readonly status: StatusChoice;
  readonly priority: PriorityChoice;
  /** Empty: every department the user sees. */
  readonly department: string;
  /** A service id: findings on assets it depends on. Empty: any. */
  readonly service: string;
  readonly kevOnly: boolean;
  readonly due: DueChoice;
}

/** Open findings are the work queue: what the page opens on. */
export const DEFAULT_FINDING_FILTER: FindingFilter = {
  status: 'open',
  priority: '',
  department: '',
  service: '',
  kevOnly: false,
  due: '',
};

/** Ids longer than this are not ids the server issues; an edited link falls back to "any". */
const ID_MAX_LENGTH = 64;
const id = (value: string | null): string => {
  const trimmed = (value ?? '').trim();
  return trimmed.length > ID_MAX_LENGTH ? '' : trimmed;
};

export function readFindingFilter(params: URLSearchParams): FindingFilter {
  const status = params.get('status');
  const parsed = FindingStatus.safeParse(status);
  return {
    status: parsed.success ? parsed.data : status === 'all' ? 'all' : DEFAULT_FINDING_FILTER.status,
    priority: PRIORITIES.find((p) => p === params.get('priority')) ?? '',
    department: id(params.get('department')),
    service: id(params.get('service')),
    kevOnly: params.get('kev') === '1',
    due: DUE_CHOICES.find((d) => d !== '' && d === params.get('due')) ?? '',
  };
}

/** The address of a filter, defaults left out: `/vulnerabilities/findings` is the open queue. */
export function findingFilterParams(filter: FindingFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status !== DEFAULT_FINDING_FILTER.status) params.set('status', filter.status);
  if (filter.priority !== '') params.set('priority', filter.priority);
  if (filter.department !== '') params.set('department', filter.department);
  if (filter.service !== '') params.set('service', filter.service);
  if (filter.kevOnly) params.set('kev', '1');
  if (filter.due !== '') params.set('due', filter.due);
  return params;
}

/** The link to the findings a filter selects, for figures and breakdown rows elsewhere. */
export function findingsPath(filter: Partial<FindingFilter>): string {
  const query = findingFilterParams({ ...DEFAULT_FINDING_FILTER, ...filter }).toString();
  return `/vulnerabilities/findings${query === '' ? '' : `?${query}`}`;
}

/** What the server filters. */
export function findingCriteria(filter: FindingFilter): FindingCriteria {
  return {
    ...(filter.status === 'all' ? {} : { status: filter.status }),
    ...(filter.department === '' ? {} : { department: filter.department }),
  };
}

const DAY_MS = 86_400_000;

/** Whole days from today (the user's date, `YYYY-MM-DD`) to a due date; negative when past. */
export function daysUntil(due: string, today: string): number {
  return Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

/** What the browser narrows; `today` is `YYYY-MM-DD`, the date due dates are compared with. */
export function matchesFindingFilter(finding: FindingView, filter: FindingFilter, today: string): boolean {
  if (filter.priority !== '' && finding.priority !== filter.priority) return false;
  if (filter.service !== '' && !finding.services.includes(filter.service)) return false;
  if (filter.kevOnly && !finding.kev) return false;
  if (filter.due === 'overdue' && daysUntil(finding.due, today) >= 0) return false;
  if (filter.due === '7d') {
    const days = daysUntil(finding.due, today);
    if (days < 0 || days > 7) return false;
  }
  return true;
}
