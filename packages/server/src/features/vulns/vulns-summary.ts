import type { FindingView } from './vulns.service.ts';

const DAY_MS = 86_400_000;
const TREND_DAYS = 30;

export interface VulnsSummary {
  /** Findings still to remediate: status open. */
  open: number;
  by_priority: { P1: number; P2: number; P3: number; P4: number };
  kev_open: number;
  /** Open findings past their due date. */
  overdue: number;
  /** Open findings due within the next 7 days (not yet overdue). */
  due_7d: number;
  by_department: { department_id: string; open: number; p1: number; kev: number; overdue: number }[];
  by_service: { service_id: string; name: string; department_id: string; open: number; p1: number; kev: number }[];
  /** One point per day, oldest first, ending today (UTC). */
  trend: { date: string; open: number; opened: number; fixed: number }[];
}

/**
 * When a finding stopped being open, or null if it still is: fixed findings stop matching after their last
 * sighting (`last_seen`), decided ones (accepted risk, false positive) when they were decided.
 */
function closedAt(finding: FindingView): string | null {
  if (finding.status === 'open') return null;
  if (finding.status === 'fixed') return finding.last_seen;
  return finding.decided_at ?? finding.last_seen;
}

/**
 * The Vulnerabilities dashboard's figures from the findings a reader may see. The trend is rebuilt from each
 * finding's first/last sighting and decision time, so it needs no daily snapshots; a finding accepted and later
 * reopened counts as open from its first sighting.
 */
export function summariseFindings(
  findings: readonly FindingView[],
  services: ReadonlyMap<string, { name: string; department: string }>,
  now: Date,
): VulnsSummary {
  const today = now.toISOString().slice(0, 10);
  const inAWeek = new Date(now.getTime() + 7 * DAY_MS).toISOString().slice(0, 10);
  const summary: VulnsSummary = {
    open: 0,
    by_priority: { P1: 0, P2: 0, P3: 0, P4: 0 },
    kev_open: 0,
    overdue: 0,
    due_7d: 0,
    by_department: [],
    by_service: [],
    trend: [],
  };
  const departments = new Map<string, VulnsSummary['by_department'][number]>();
  const byService = new Map<string, VulnsSummary['by_service'][number]>();
  for (const finding of findings) {
    if (finding.status !== 'open') continue;
    const overdue = finding.due < today;
    summary.open++;
    summary.by_priority[finding.priority]++;
    if (finding.kev) summary.kev_open++;
    if (overdue) summary.overdue++;
    else if (finding.due <= inAWeek) summary.due_7d++;
    let department = departments.get(finding.department);
    if (!department) {
      department = { department_id: finding.department, open: 0, p1: 0, kev: 0, overdue: 0 };
      departments.set(finding.department, department);
    }
    department.open++;
    if (finding.priority === 'P1') department.p1++;
    if (finding.kev) department.kev++;
    if (overdue) department.overdue++;
    for (const id of finding.services) {
      const service = services.get(id);
      if (!service) continue;
      let row = byService.get(id);
      if (!row) {
        row = { service_id: id, name: service.name, department_id: service.department, open: 0, p1: 0, kev: 0 };
        byService.set(id, row);
      }
      row.open++;
      if (finding.priority === 'P1') row.p1++;
      if (finding.kev) row.kev++;
    }
  }
  summary.by_department = [...departments.values()].sort(
    (a, b) => b.open - a.open || a.department_id.localeCompare(b.department_id),
  );
  summary.by_service = [...byService.values()].sort(
    (a, b) => b.p1 - a.p1 || b.open - a.open || a.service_id.localeCompare(b.service_id),
  );

  const startOfToday = Date.parse(`${today}T00:00:00.000Z`);
  for (let i = TREND_DAYS - 1; i >= 0; i--) {
    const dayStart = new Date(startOfToday - i * DAY_MS).toISOString();
    const dayEnd = new Date(startOfToday - (i - 1) * DAY_MS).toISOString();
    let open = 0;
    let opened = 0;
    let fixed = 0;
    for (const finding of findings) {
      const closed = closedAt(finding);
      if (finding.first_seen < dayEnd && (closed === null || closed >= dayEnd)) open++;
      if (finding.first_seen >= dayStart && finding.first_seen < dayEnd) opened++;
      if (finding.status === 'fixed' && closed !== null && closed >= dayStart && closed < dayEnd) fixed++;
    }
    summary.trend.push({ date: dayStart.slice(0, 10), open, opened, fixed });
  }
  return summary;
}
