import type { CorrelationListEntry, RuleState, RuleSummary } from '@citysoc/core';

/**
 * Reading rules for display. Rule files are contributed by anyone and a tested rule is typed by the user:
 * everything here returns plain strings for React to render as text.
 */

/** The rules whose title, id or one of whose tags contains the text, ignoring case; all for blank text. */
export function filterRules<T extends RuleSummary>(rules: readonly T[], text: string): readonly T[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return rules;
  return rules.filter(
    (rule) =>
      rule.title.toLowerCase().includes(needle) ||
      rule.id.toLowerCase().includes(needle) ||
      rule.tags.some((tag) => tag.toLowerCase().includes(needle)),
  );
}

/** "windows / process_creation / sysmon" with "any" for a missing part; "any" when the rule names none. */
export function describeLogsource(logsource: RuleSummary['logsource']): string {
  const parts = [logsource.product, logsource.category, logsource.service];
  if (parts.every((part) => part === undefined || part === '')) return 'any';
  return parts.map((part) => (part === undefined || part === '' ? 'any' : part)).join(' / ');
}

/** "3 rules", "1 rule"; with a filter, "2 of 3 rules". */
export function ruleCountText(shown: number, total: number): string {
  const noun = total === 1 ? 'rule' : 'rules';
  return shown === total
    ? `${total.toLocaleString()} ${noun}`
    : `${shown.toLocaleString()} of ${total.toLocaleString()} ${noun}`;
}

/** The time ranges a rule test may cover; the API's default is the last 24 hours. */
export const RULE_TEST_RANGES: readonly { readonly from: string; readonly label: string }[] = [
  { from: '-1h', label: 'Last hour' },
  { from: '-24h', label: 'Last 24 hours' },
  { from: '-7d', label: 'Last 7 days' },
  { from: '-30d', label: 'Last 30 days' },
];

export const DEFAULT_RULE_TEST_RANGE = '-24h';

/** "Scanned 1,234 events", with "stopped early" when the server read only part of the range. */
export function scannedText(scanned: number, complete: boolean): string {
  const events = `Scanned ${scanned.toLocaleString()} ${scanned === 1 ? 'event' : 'events'}`;
  return complete ? events : `${events} (stopped early: only part of the range was read)`;
}

/** A rule's state in a few words: what an operator needs to know at a glance. */
export function stateText(state: RuleState): string {
  if (!state.enabled) return 'Off city-wide';
  if (!state.packEnabled) return 'Off (stance pack not enabled)';
  if (!state.active) return 'Off';
  if (state.disabledFor.length > 0) return `Active, off for ${state.disabledFor.map((d) => d.department).join(', ')}`;
  return 'Active';
}

const SOURCE_LABELS: Readonly<Record<RuleState['source'], string>> = {
  shipped: 'Shipped',
  folder: 'Rules folder',
  uploaded: 'Uploaded',
};

/** Where a rule comes from, with who uploaded it and for which department. */
export function sourceText(state: RuleState): string {
  if (state.source !== 'uploaded') return SOURCE_LABELS[state.source];
  const by = state.uploadedBy === null ? '' : ` by ${state.uploadedBy}`;
  return state.department === null ? `Uploaded${by}` : `Uploaded${by} for ${state.department}`;
}

/** A correlation condition as text: `≥ 10`, `> 100 and ≤ 200`. */
export function conditionText(condition: CorrelationListEntry['condition']): string {
  const symbols = { gt: '>', gte: '≥', lt: '<', lte: '≤', eq: '=', neq: '≠' } as const;
  return condition.length === 0 ? 'all rules' : condition.map((c) => `${symbols[c.op]} ${c.value}`).join(' and ');
}
