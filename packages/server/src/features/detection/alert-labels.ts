/**
 * What the Alerts page filters on besides the columns: the city services of the alert's event and the
 * ATT&CK tactics of its rule, stored as `,a,b,` lists (`alerts.service_ids`, `alerts.tactics`, migration
 * 0007) so one portable `like '%,x,%'` finds them on SQLite and PostgreSQL.
 */
export interface AlertLabels {
  service_ids: string;
  tactics: string;
}

/**
 * The ATT&CK tactics among Sigma tags: `attack.credential-access` → `credential-access`. Technique, group and
 * software tags (`attack.t1110`, `attack.g0016`) hold digits, so letters and dashes only means a tactic.
 */
export function tacticsOf(tags: readonly string[]): string[] {
  const tactics = tags
    .map((tag) => tag.toLowerCase())
    .filter((tag) => /^attack\.[a-z][a-z-]*$/.test(tag))
    .map((tag) => tag.slice('attack.'.length));
  return [...new Set(tactics)];
}

const list = (values: readonly string[]) => `,${[...new Set(values)].join(',')},`;

/** The labels of an alert row from its `document` (rule tags, event service ids). */
export function alertLabels(document: string): AlertLabels {
  const parsed = JSON.parse(document) as { rule?: { tags?: unknown }; event?: { serviceIds?: unknown } };
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  // Commas would break the list format; service ids and tags never contain them, so they are dropped, not escaped.
  const clean = (values: string[]) => values.filter((v) => v !== '' && !v.includes(','));
  return {
    service_ids: list(clean(strings(parsed.event?.serviceIds))),
    tactics: list(clean(tacticsOf(strings(parsed.rule?.tags)))),
  };
}

/** A `like … escape '\'` pattern matching one value in a label list; `%`, `_` and `\` in the value are escaped. */
export function labelPattern(value: string): string {
  return `%,${value.replace(/[\\%_]/g, (c) => `\\${c}`)},%`;
}
