import { z } from 'zod';
import { InputError } from '../errors.ts';

/**
 * The anonymisation spec (`citysoc privacy anonymize --config SPEC.yml`): which columns identify people directly,
 * which identify them in combination (quasi-identifiers, each with a generalisation hierarchy), which are
 * sensitive, the privacy targets and the differentially private aggregates to release. README.md beside this file
 * documents every key with an example.
 */

/** `'*'` is the fully suppressed value: the attribute is withheld for every row. */
const Star = z.literal('*');

/** Guards the lattice search: the number of generalisation nodes is the product of the levels of each QI. */
export const MAX_LATTICE_NODES = 20_000;
const MAX_LEVELS = 10;
const MAX_HIERARCHY_ENTRIES = 10_000;
const MAX_AGGREGATE_GROUPS = 100_000;

const ColumnName = z.string().min(1).max(200);

function nonEmptyLevels<T extends z.ZodType>(level: T) {
  return z
    .array(level)
    .min(1)
    .max(MAX_LEVELS)
    .superRefine((levels, ctx) => {
      const star = (levels as unknown[]).indexOf('*');
      if (star !== -1 && star !== levels.length - 1)
        ctx.addIssue({ code: 'custom', path: [star], message: "'*' (fully suppressed) can only be the last level" });
    });
}

/**
 * Numeric ranges: each level is an interval width, intervals start at multiples of the width (so 23 at width 5
 * is `[20,25)`). Each width must be a multiple of the one before it: the intervals then nest, which is what makes
 * the levels a hierarchy and the lattice search sound (a coarser level never splits a class of a finer one).
 */
export const NumericHierarchy = z.strictObject({
  type: z.literal('numeric'),
  levels: nonEmptyLevels(z.union([z.number().positive().max(1e12), Star])).superRefine((levels, ctx) => {
    levels.forEach((width, i) => {
      const previous = levels[i - 1];
      if (i === 0 || width === '*' || previous === undefined || previous === '*') return;
      const ratio = width / previous;
      if (ratio <= 1 || Math.abs(ratio - Math.round(ratio)) > 1e-9)
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `width ${width} is not a larger multiple of ${previous}, so the intervals would not nest`,
        });
    });
  }),
});

/** Leading characters kept (postcodes: `0213*`); 0 keeps none, the same as `'*'`. Must strictly decrease. */
export const PrefixHierarchy = z.strictObject({
  type: z.literal('prefix'),
  levels: nonEmptyLevels(z.union([z.number().int().min(0).max(1000), Star])).superRefine((levels, ctx) => {
    levels.forEach((kept, i) => {
      const previous = levels[i - 1];
      if (i > 0 && kept !== '*' && previous !== undefined && previous !== '*' && kept >= previous)
        ctx.addIssue({ code: 'custom', path: [i], message: `keeps ${kept} characters, not fewer than ${previous}` });
    });
  }),
});

/** Date truncation, finest first. The raw value must start with an ISO date `YYYY-MM-DD`. */
export const DATE_LEVELS = ['day', 'month', 'year', 'decade'] as const;
export const DateHierarchy = z.strictObject({
  type: z.literal('date'),
  levels: nonEmptyLevels(z.union([z.enum(DATE_LEVELS), Star])).superRefine((levels, ctx) => {
    levels.forEach((level, i) => {
      const previous = levels[i - 1];
      if (i === 0 || level === '*' || previous === undefined || previous === '*') return;
      if (DATE_LEVELS.indexOf(level) <= DATE_LEVELS.indexOf(previous))
        ctx.addIssue({ code: 'custom', path: [i], message: `'${level}' is not coarser than '${previous}'` });
    });
  }),
});

/**
 * A category tree given as child → parent (`{Centre: Inner, Harbour: Inner, Inner: City}`); a level is the number
 * of steps up the tree (a value already at a root stays there). Values in the data must appear in the tree.
 */
export const CategoryHierarchy = z
  .strictObject({
    type: z.literal('category'),
    hierarchy: z
      .record(z.string().min(1).max(500), z.string().min(1).max(500))
      .refine((tree) => Object.keys(tree).length <= MAX_HIERARCHY_ENTRIES, 'too many entries'),
    levels: nonEmptyLevels(z.union([z.number().int().min(1).max(100), Star])).superRefine((levels, ctx) => {
      levels.forEach((steps, i) => {
        const previous = levels[i - 1];
        if (i > 0 && steps !== '*' && previous !== undefined && previous !== '*' && steps <= previous)
          ctx.addIssue({ code: 'custom', path: [i], message: `${steps} steps is not more than ${previous}` });
      });
    }),
  })
  .superRefine((category, ctx) => {
    for (const start of Object.keys(category.hierarchy)) {
      const seen = new Set([start]);
      for (let node = category.hierarchy[start]; node !== undefined; node = category.hierarchy[node]) {
        if (seen.has(node)) {
          ctx.addIssue({
            code: 'custom',
            path: ['hierarchy', start],
            message: `the tree has a cycle through '${node}'`,
          });
          return;
        }
        seen.add(node);
      }
    }
  });

export const QuasiIdentifier = z.discriminatedUnion('type', [
  NumericHierarchy,
  PrefixHierarchy,
  DateHierarchy,
  CategoryHierarchy,
]);
export type QuasiIdentifier = z.infer<typeof QuasiIdentifier>;

/**
 * One differentially private aggregate: a count, or a sum of a clamped column, per group. The group values must
 * be declared (`domain`, or the tree of a category quasi-identifier): publishing only the groups that occur in the
 * data would itself reveal who is in it. Groups are disjoint, so one aggregate costs its epsilon once (parallel
 * composition); several aggregates add up (sequential composition) and the report gives the total.
 */
export const DpAggregate = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'letters, digits, _ . - only'),
    group_by: z.array(ColumnName).max(5).default([]),
    domain: z.record(ColumnName, z.array(z.string().max(500)).min(1).max(10_000)).default({}),
    measure: z.enum(['count', 'sum']).default('count'),
    column: ColumnName.optional(),
    clamp: z.tuple([z.number(), z.number()]).optional(),
    mechanism: z.enum(['laplace', 'gaussian']).default('laplace'),
    epsilon: z.number().positive().max(10),
    delta: z.number().positive().lt(1).optional(),
  })
  .superRefine((aggregate, ctx) => {
    if (aggregate.measure === 'sum') {
      if (aggregate.column === undefined)
        ctx.addIssue({ code: 'custom', path: ['column'], message: 'a sum needs the column to add up' });
      if (aggregate.clamp === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['clamp'],
          message: 'a sum needs clamp bounds [low, high]: they set the sensitivity',
        });
      else if (aggregate.clamp[0] > aggregate.clamp[1])
        ctx.addIssue({ code: 'custom', path: ['clamp'], message: 'low bound is above the high bound' });
    } else if (aggregate.column !== undefined || aggregate.clamp !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['measure'], message: 'column and clamp apply to measure: sum only' });
    }
    if (aggregate.mechanism === 'gaussian') {
      if (aggregate.delta === undefined)
        ctx.addIssue({ code: 'custom', path: ['delta'], message: 'the Gaussian mechanism needs delta' });
      // The classic calibration sigma = Δ·sqrt(2 ln(1.25/δ))/ε is proven for ε < 1 only (Dwork & Roth, Thm A.1).
      if (aggregate.epsilon >= 1)
        ctx.addIssue({ code: 'custom', path: ['epsilon'], message: 'the Gaussian mechanism needs epsilon < 1' });
    } else if (aggregate.delta !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['delta'], message: 'delta applies to the Gaussian mechanism only' });
    }
  });
export type DpAggregate = z.infer<typeof DpAggregate>;

export const AnonymizationSpec = z
  .strictObject({
    direct_identifiers: z.record(ColumnName, z.enum(['drop', 'pseudonymize'])).default({}),
    quasi_identifiers: z
      .record(ColumnName, QuasiIdentifier)
      .refine((qis) => Object.keys(qis).length > 0, 'name at least one quasi-identifier'),
    sensitive: z.array(ColumnName).max(50).default([]),
    k: z.number().int().min(1).max(1_000_000),
    l: z.number().int().min(1).max(1000).default(1),
    max_suppression: z.number().min(0).max(1).default(0),
    /** Columns the spec does not name are published as they are (`keep`, listed in the report) or dropped. */
    other_columns: z.enum(['keep', 'drop']).default('keep'),
    aggregates: z.array(DpAggregate).max(50).default([]),
  })
  .superRefine((spec, ctx) => {
    const roles = new Map<string, string>();
    const claim = (column: string, role: string, path: (string | number)[]) => {
      const other = roles.get(column);
      if (other !== undefined) ctx.addIssue({ code: 'custom', path, message: `'${column}' is already ${other}` });
      else roles.set(column, role);
    };
    for (const column of Object.keys(spec.direct_identifiers))
      claim(column, 'a direct identifier', ['direct_identifiers', column]);
    for (const column of Object.keys(spec.quasi_identifiers))
      claim(column, 'a quasi-identifier', ['quasi_identifiers', column]);
    spec.sensitive.forEach((column, i) => claim(column, 'sensitive', ['sensitive', i]));
    if (spec.l > 1 && spec.sensitive.length === 0)
      ctx.addIssue({ code: 'custom', path: ['l'], message: 'l-diversity needs at least one sensitive attribute' });

    const nodes = Object.values(spec.quasi_identifiers).reduce((product, qi) => product * (qi.levels.length + 1), 1);
    if (nodes > MAX_LATTICE_NODES)
      ctx.addIssue({
        code: 'custom',
        path: ['quasi_identifiers'],
        message: `${nodes} combinations of levels to search, more than ${MAX_LATTICE_NODES}: use fewer levels or quasi-identifiers`,
      });

    const names = new Set<string>();
    spec.aggregates.forEach((aggregate, i) => {
      if (names.has(aggregate.name))
        ctx.addIssue({
          code: 'custom',
          path: ['aggregates', i, 'name'],
          message: `duplicate name '${aggregate.name}'`,
        });
      names.add(aggregate.name);
      let groups = 1;
      aggregate.group_by.forEach((column, j) => {
        if (spec.direct_identifiers[column] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['aggregates', i, 'group_by', j],
            message: `'${column}' is a direct identifier`,
          });
        const declared = aggregate.domain[column] ?? categoryDomain(spec.quasi_identifiers[column]);
        if (declared === undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['aggregates', i, 'domain', column],
            message: `declare the values of '${column}' (publishing only the groups present in the data is not private)`,
          });
        groups *= declared?.length ?? 1;
      });
      if (groups > MAX_AGGREGATE_GROUPS)
        ctx.addIssue({ code: 'custom', path: ['aggregates', i, 'group_by'], message: `${groups} groups is too many` });
      if (aggregate.column !== undefined && spec.direct_identifiers[aggregate.column] !== undefined)
        ctx.addIssue({ code: 'custom', path: ['aggregates', i, 'column'], message: 'a direct identifier' });
    });
  });
export type AnonymizationSpec = z.infer<typeof AnonymizationSpec>;

/**
 * The default public group values of a category quasi-identifier: the values its tree generalises (the keys of
 * `hierarchy`). Roots are left out; declare `domain` to count them too.
 */
export function categoryDomain(qi: QuasiIdentifier | undefined): string[] | undefined {
  if (qi?.type !== 'category') return undefined;
  return Object.keys(qi.hierarchy).sort();
}

/** Parses a spec (already read from YAML) or throws an `InputError` naming each bad key by its path. */
export function parseAnonymizationSpec(value: unknown): AnonymizationSpec {
  const result = AnonymizationSpec.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.map(String).join('.') || 'spec'}: ${i.message}`);
    throw new InputError(`invalid anonymisation spec: ${problems.join('; ')}`, problems);
  }
  return result.data;
}
