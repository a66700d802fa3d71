import { z } from 'zod';

/*
 * What `engine.explain(rule, event)` answers: why a rule matched an event or not, by search identifier and
 * item, in terms of the rule as written. The schemas are the one definition of the shape: the server serves
 * them (GET /api/alerts/:id/explanation) and the dashboard reads them.
 */

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

/** One rule value that held, and the event value it held on. */
export const ValueMatch = z.object({
  /** The value as written in the rule, before modifiers (`'\\mimikatz.exe'` under `|endswith`). */
  value: Scalar,
  /**
   * The event value it held on: the field's value (one element of an array field), or for a keyword the
   * event string that contains it. Strings longer than 1,000 characters are cut and end with '…'.
   */
  eventValue: Scalar,
});
export type ValueMatch = z.infer<typeof ValueMatch>;

/** One detection item (`field|modifiers: values`) of a search identifier, evaluated on the event. */
export const ItemExplanation = z.object({
  /** The field as written; null for keywords (values searched anywhere in the event). */
  field: z.string().nullable(),
  /** The modifiers as written, in order (`['contains', 'all']`). */
  modifiers: z.array(z.string()),
  /**
   * Which map of a list of maps (ORed) the item belongs to, from 0; a plain map is alternative 0, and the
   * keywords of a list come after its maps.
   */
  alternative: z.number().int(),
  matched: z.boolean(),
  /**
   * The values that held, each with the event value it held on: every value that held (an OR needs one,
   * `|all` needs each). Empty when the item did not hold, and for items that hold without matching a value:
   * `|neq` (no value matched), `|exists`, `null`.
   */
  matches: z.array(ValueMatch),
});
export type ItemExplanation = z.infer<typeof ItemExplanation>;

/** One search identifier (`selection_img`, `filter_main`, …) of the detection. */
export const SelectionExplanation = z.object({
  name: z.string(),
  /** Whether the identifier holds: one alternative whose items all hold. */
  matched: z.boolean(),
  /**
   * Whether the condition uses the identifier only under `not`: a filter, which must not hold for the rule to
   * match (`matched: false` is then why the rule fired).
   */
  negated: z.boolean(),
  items: z.array(ItemExplanation),
});
export type SelectionExplanation = z.infer<typeof SelectionExplanation>;

/** A Sigma filter document attached to the rule (its matches are excluded: `rule and not filter`). */
export const FilterExplanation = z.object({
  /** The filter's id, else its title. */
  id: z.string(),
  title: z.string(),
  /** True when the filter holds, which excludes the event from the rule. */
  matched: z.boolean(),
  condition: z.string(),
  selections: z.array(SelectionExplanation),
});
export type FilterExplanation = z.infer<typeof FilterExplanation>;

/**
 * Why a rule matched an event or not. `matched` is exactly whether `engine.match(event)` returns the rule:
 * `routed and conditionMatched and no filter matched`.
 */
export const RuleExplanation = z.object({
  ruleId: z.string(),
  title: z.string(),
  matched: z.boolean(),
  /**
   * Whether the rule's `logsource` admits the event's source (its Windows Channel and EventID, README
   * "Routing"); a rule not routed to an event never sees it, whatever its condition says.
   */
  routed: z.boolean(),
  /** Whether the condition holds on the event (routing and filters aside). */
  conditionMatched: z.boolean(),
  /** The condition as written; several conditions are shown ORed: `(a) or (b)`. */
  condition: z.string(),
  /** Every search identifier of the detection, in rule order. */
  selections: z.array(SelectionExplanation),
  /** The Sigma filters attached to the rule at compile time (`CompileOptions.filters`). */
  filters: z.array(FilterExplanation),
});
export type RuleExplanation = z.infer<typeof RuleExplanation>;
