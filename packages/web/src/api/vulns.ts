import { request } from './client.ts';
import { type FindingDecision, FindingView, VulnsSummary } from './vulns-schemas.ts';

/** The vulnerability findings endpoints the Vulnerabilities area uses. */

const findingList = FindingView.array();

/** What the server filters; priority, service and KEV are narrowed in the browser (see finding-filters.ts). */
export interface FindingCriteria {
  readonly status?: string;
  readonly department?: string;
}

/** Priority first (P1), then score; within the caller's departments. */
export function listFindings(criteria: FindingCriteria): Promise<FindingView[]> {
  const params = new URLSearchParams();
  if (criteria.status !== undefined) params.set('status', criteria.status);
  if (criteria.department !== undefined) params.set('department', criteria.department);
  const query = params.toString();
  return request('GET', `/api/vulns/findings${query === '' ? '' : `?${query}`}`, (json) => findingList.parse(json));
}

/** Accepts the risk, marks a false positive, or reopens; needs inventory.manage. Answers the finding as it now is. */
export function decideFinding(id: string, decision: FindingDecision): Promise<FindingView> {
  return request('PATCH', `/api/vulns/findings/${encodeURIComponent(id)}`, (json) => FindingView.parse(json), decision);
}

export function fetchVulnsSummary(): Promise<VulnsSummary> {
  return request('GET', '/api/vulns/summary', (json) => VulnsSummary.parse(json));
}
