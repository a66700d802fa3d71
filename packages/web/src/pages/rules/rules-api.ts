import { MAX_RULE_YAML_BYTES, RuleStateAnswer, type RuleStateChange, RuleUploadReport } from '@citysoc/core';
import { ignoreBody, request } from '../../api/client.ts';

const rulePath = (id: string) => `/api/rules/${encodeURIComponent(id)}`;

/** Turns a rule off or on, city-wide (`department: null`) or for one department; needs rules.manage or rules.tune. */
export function setRuleState(id: string, change: RuleStateChange): Promise<RuleStateAnswer> {
  return request('PUT', `${rulePath(id)}/state`, (json) => RuleStateAnswer.parse(json), change);
}

/**
 * Uploads Sigma YAML; needs rules.manage. When nothing is accepted the server answers 400 with the report in the
 * error's `details` (see `refusalsOf`).
 */
export function uploadRules(yaml: string, department: string | null): Promise<RuleUploadReport> {
  return request('POST', '/api/rules', (json) => RuleUploadReport.parse(json), { yaml, department });
}

/** Deletes an uploaded rule; needs rules.manage. */
export function deleteRule(id: string): Promise<void> {
  return request('DELETE', rulePath(id), ignoreBody);
}

/** The report a refused upload carries in its error details, if it does. */
export function refusalsOf(details: unknown): RuleUploadReport | undefined {
  const parsed = RuleUploadReport.safeParse(details);
  return parsed.success ? parsed.data : undefined;
}

export { MAX_RULE_YAML_BYTES };
