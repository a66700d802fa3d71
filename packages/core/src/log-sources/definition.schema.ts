import { z } from 'zod';

/*
 * The schema of one `content/log-sources/<name>/log-source.yml`. The language is documented for authors in
 * content/log-sources/README.md; keep the two in step.
 */

const FieldPath = z.string().regex(/^[^\s.][^\s]*$/, 'a field path: names separated by dots, no spaces');
const EcsPath = z.string().regex(/^[A-Za-z@_][\w@-]*(\.[A-Za-z@_][\w@-]*)*$/, 'an ECS path such as source.ip');
const Scalar = z.union([z.string(), z.number(), z.boolean()]);
const Constant = z.union([Scalar, z.array(Scalar)]);

function isValidRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
const Pattern = z.string().min(1).refine(isValidRegex, 'not a valid regular expression');

/** One test on one original field: exactly one of `exists`, `equals` (any of a list) or `matches` (regex). */
export const FieldCondition = z
  .strictObject({
    field: FieldPath,
    exists: z.boolean().optional(),
    equals: Constant.optional(),
    matches: Pattern.optional(),
  })
  .refine(
    (c) => [c.exists, c.equals, c.matches].filter((x) => x !== undefined).length === 1,
    'a condition needs exactly one of exists, equals, matches',
  );
export type FieldCondition = z.infer<typeof FieldCondition>;

/** A condition, or `any:` a list of conditions of which one must hold. Lists of conditions are ANDed. */
export const Condition = z.union([FieldCondition, z.strictObject({ any: z.array(FieldCondition).min(1) })]);
export type Condition = z.infer<typeof Condition>;

export const Conversion = z.enum(['int', 'float', 'string', 'lowercase', 'uppercase', 'array']);
export type Conversion = z.infer<typeof Conversion>;

/** Target of a field copy: an ECS path, or the path with a conversion. */
export const FieldTarget = z.union([EcsPath, z.strictObject({ to: EcsPath, convert: Conversion.optional() })]);
export type FieldTarget = z.infer<typeof FieldTarget>;

const FieldMap = z.record(FieldPath, FieldTarget);
const Constants = z.record(EcsPath, Constant);

export const TimestampRule = z.strictObject({
  /** The field holding the time, or several to try in order. */
  field: z.union([FieldPath, z.array(FieldPath).min(1)]),
  format: z.enum(['auto', 'iso8601', 'unix', 'unix_ms', 'syslog']).default('auto'),
});

/** Applied only when its `match` holds; every block whose match holds is applied, in order. */
export const WhenBlock = z.strictObject({
  match: z.array(Condition).min(1),
  constants: Constants.default({}),
  fields: FieldMap.default({}),
});

/** A regex with named groups on one field; the first pattern of the list that matches is applied. */
export const ExtractRule = z.strictObject({
  field: FieldPath,
  pattern: Pattern,
  ignore_case: z.boolean().default(false),
  /** Named group → ECS target. */
  fields: z.record(z.string().regex(/^[A-Za-z_]\w*$/), FieldTarget).default({}),
  constants: Constants.default({}),
});

export const LogSourceFormat = z.enum(['json', 'syslog', 'cef', 'kv']);
export type LogSourceFormat = z.infer<typeof LogSourceFormat>;

export const LogSourceDefinition = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes'),
  description: z.string().min(1),
  /** Auto-detection tries sources by ascending priority, then by name, so the order is deterministic. */
  priority: z.number().int().min(0).max(10_000),
  format: LogSourceFormat,
  match: z.array(Condition).default([]),
  timestamp: TimestampRule.optional(),
  constants: Constants.default({}),
  fields: FieldMap.default({}),
  when: z.array(WhenBlock).default([]),
  extract: z.array(ExtractRule).default([]),
  /** Copies every top-level original field not listed in `exclude` under `to` (flat Windows event data). */
  remaining: z.strictObject({ to: EcsPath, exclude: z.array(z.string()).default([]) }).optional(),
});
export type LogSourceDefinition = z.infer<typeof LogSourceDefinition>;
/** What an author writes (defaults not yet applied), e.g. for definitions built in code or tests. */
export type LogSourceDefinitionInput = z.input<typeof LogSourceDefinition>;
