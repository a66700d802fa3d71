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

export const Conversion = z.enum(['int', 'float', 'string', 'lowercase', 'uppercase', 'array', 'ip_protocol']);
export type Conversion = z.infer<typeof Conversion>;

/** Target of a field copy: an ECS path, or the path with a conversion. */
export const FieldTarget = z.union([EcsPath, z.strictObject({ to: EcsPath, convert: Conversion.optional() })]);
export type FieldTarget = z.infer<typeof FieldTarget>;

/** One original field may feed several ECS fields (`proto: [network.iana_number, {to: network.transport, …}]`). */
const FieldMap = z.record(FieldPath, z.union([FieldTarget, z.array(FieldTarget).min(1)]));
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

/**
 * A regex with named groups on one field. Rules are grouped by field: for each field, the first pattern of the
 * list that matches is applied, so `src` and `dst` can each be split by their own rules.
 */
export const ExtractRule = z.strictObject({
  field: FieldPath,
  pattern: Pattern,
  ignore_case: z.boolean().default(false),
  /** Named group → ECS target. */
  fields: z.record(z.string().regex(/^[A-Za-z_]\w*$/), FieldTarget).default({}),
  constants: Constants.default({}),
});

/** `text`: any line that is not JSON, with or without a syslog header (the header fields when present). */
export const LogSourceFormat = z.enum(['json', 'syslog', 'cef', 'kv', 'text']);
export type LogSourceFormat = z.infer<typeof LogSourceFormat>;

/** The pseudo-field a parse step can read: the whole text line, syslog header included, line ends removed. */
export const LINE_FIELD = '$line';

/** Original fields a text line already has; a parse step may not overwrite them. */
const TEXT_RECORD_NAMES = new Set([
  'message',
  'kv',
  'cef',
  'priority',
  'facility',
  'severity',
  'version',
  'timestamp',
  'hostname',
  'appname',
  'procid',
  'msgid',
  'structured_data',
]);
const ParseInto = z
  .string()
  .regex(/^[A-Za-z_][\w-]*$/, 'a top-level name such as asa')
  .refine((name) => !TEXT_RECORD_NAMES.has(name), 'is already a field of text lines');
const ColumnName = z.string().regex(/^[A-Za-z_][\w-]*$/, 'a column name such as src');
/** Names by position; `null` (`~` in YAML) leaves that column out. Columns past the list are ignored. */
const ColumnList = z
  .array(ColumnName.nullable())
  .min(1)
  .refine((names) => {
    const named = names.filter((n) => n !== null);
    return new Set(named).size === named.length;
  }, 'column names must be unique');

function hasNamedGroup(pattern: string): boolean {
  return /\(\?<[A-Za-z_]\w*>/.test(pattern);
}

/** Delimited fields (PAN-OS): one column list, or lists chosen by the value of the `select` column. */
export const CsvOptions = z
  .strictObject({
    delimiter: z
      .string()
      .length(1)
      .refine((d) => d !== '"', 'the quote cannot be the delimiter')
      .default(','),
    select: z.number().int().min(0).max(1000).optional(),
    columns: z.union([ColumnList, z.record(z.string().min(1), ColumnList)]),
  })
  .refine(
    (o) => Array.isArray(o.columns) === (o.select === undefined),
    'columns chosen by value (a map) need select, the column holding the value; a single list takes no select',
  );
export type CsvOptions = z.infer<typeof CsvOptions>;

/**
 * One parse step of a text line: reads `field` (an original field, or `$line`) and stores what it finds as an
 * object under `into`, which later steps, `match` and the mappings read (`asa.id`). Exactly one of `regex`
 * (named groups), `kv` (key/value pairs) or `csv` (delimited columns). Empty values are left out; a step
 * that finds nothing sets nothing.
 */
export const ParseStep = z
  .strictObject({
    field: FieldPath.default('message'),
    into: ParseInto,
    regex: Pattern.refine(hasNamedGroup, 'needs at least one named group (?<name>…)').optional(),
    ignore_case: z.boolean().optional(),
    kv: z
      .strictObject({
        separator: z
          .string()
          .length(1)
          .refine((c) => !/[\s"'\\A-Za-z0-9_.-]/.test(c), 'not a letter, digit, quote, backslash or space')
          .default('='),
      })
      .optional(),
    csv: CsvOptions.optional(),
  })
  .refine(
    (s) => [s.regex, s.kv, s.csv].filter((x) => x !== undefined).length === 1,
    'a parse step needs exactly one of regex, kv, csv',
  )
  .refine((s) => s.ignore_case === undefined || s.regex !== undefined, 'ignore_case applies to regex only');
export type ParseStep = z.infer<typeof ParseStep>;

/**
 * Names the pipeline owns (`@timestamp`, `citysoc.*` context such as the department and the asset): an event
 * cannot bring its own, so a source cannot pass them through.
 */
const PIPELINE_NAMES = new Set(['@timestamp', 'citysoc']);
const PassthroughName = z
  .string()
  .regex(/^[A-Za-z@_][\w@-]*$/, 'a top-level ECS name such as host')
  .refine((name) => !PIPELINE_NAMES.has(name), 'is set by the ingest pipeline, not by a log source');

export const LogSourceDefinition = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes'),
    description: z.string().min(1),
    /** Auto-detection tries sources by ascending priority, then by name, so the order is deterministic. */
    priority: z.number().int().min(0).max(10_000),
    format: LogSourceFormat,
    /**
     * Top-level ECS names whose original fields are copied as they are, nested or dotted (`host.name`), before
     * the other mappings: for events that are already ECS.
     */
    passthrough: z.array(PassthroughName).default([]),
    /**
     * Text sources: the line must contain one of these literals (case-sensitive) before the source parses or
     * tests anything. Keeps auto-detection cheap for every other line; not applied to a `?source=` hint.
     */
    prefilter: z.array(z.string().min(1)).min(1).optional(),
    /** Text sources: steps that add original fields before `match` is tested. */
    parse: z.array(ParseStep).default([]),
    match: z.array(Condition).default([]),
    timestamp: TimestampRule.optional(),
    constants: Constants.default({}),
    fields: FieldMap.default({}),
    when: z.array(WhenBlock).default([]),
    extract: z.array(ExtractRule).default([]),
    /** Copies every top-level original field not listed in `exclude` under `to` (flat Windows event data). */
    remaining: z.strictObject({ to: EcsPath, exclude: z.array(z.string()).default([]) }).optional(),
  })
  .superRefine((d, ctx) => {
    // JSON sources see objects (also from HTTP, with no line); their fields are already structured.
    if (d.format !== 'json') return;
    if (d.prefilter !== undefined)
      ctx.addIssue({ code: 'custom', path: ['prefilter'], message: 'applies to text formats only, not json' });
    if (d.parse.length > 0)
      ctx.addIssue({ code: 'custom', path: ['parse'], message: 'applies to text formats only, not json' });
  })
  .superRefine((d, ctx) => {
    const names = d.parse.map((s) => s.into);
    if (new Set(names).size !== names.length)
      ctx.addIssue({ code: 'custom', path: ['parse'], message: 'two parse steps write the same `into`' });
  });
export type LogSourceDefinition = z.infer<typeof LogSourceDefinition>;
/** What an author writes (defaults not yet applied), e.g. for definitions built in code or tests. */
export type LogSourceDefinitionInput = z.input<typeof LogSourceDefinition>;
