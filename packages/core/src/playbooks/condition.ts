import { z } from 'zod';
import { type TemplateContext, type TemplateValue, lookupPath } from './template.ts';

/**
 * A step's `when`: a small condition written as data, never as code. A leaf compares one field of the run's
 * context with exactly one operator; `all`, `any` and `not` combine leaves. Fields are dotted paths
 * (`incident.severity`, `item`); a bare name is one of the playbook's inputs (`severity` = `inputs.severity`).
 *
 *   when: {field: severity, in: [high, critical]}
 *   when: {all: [{field: servers, empty: false}, {field: severity, at_least: high}]}
 */
const Scalar = z.union([z.string().max(500), z.number(), z.boolean()]);
type Scalar = z.infer<typeof Scalar>;

const FieldPath = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'a field name such as severity or incident.status');

/** Ordered scales `at_least` compares on: incident severities and service criticalities share one. */
const SCALE = ['low', 'medium', 'high', 'critical'] as const;

const Leaf = z
  .strictObject({
    field: FieldPath,
    equals: Scalar.optional(),
    in: z.array(Scalar).min(1).max(100).optional(),
    not_in: z.array(Scalar).min(1).max(100).optional(),
    /** On the severity scale low < medium < high < critical. */
    at_least: z.enum(SCALE).optional(),
    /** For lists (an input of assets): whether it holds the value. */
    contains: Scalar.optional(),
    /** `empty: true` holds for a missing value, '' or an empty list; `empty: false` for anything else. */
    empty: z.boolean().optional(),
  })
  .refine(
    (leaf) =>
      [leaf.equals, leaf.in, leaf.not_in, leaf.at_least, leaf.contains, leaf.empty].filter((v) => v !== undefined)
        .length === 1,
    'a condition has exactly one of equals, in, not_in, at_least, contains, empty',
  );
type Leaf = z.infer<typeof Leaf>;

export type Condition = Leaf | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(Condition).min(1).max(20) }),
    z.strictObject({ any: z.array(Condition).min(1).max(20) }),
    z.strictObject({ not: Condition }),
    Leaf,
  ]),
);

/** Every field a condition reads, for checking them against the playbook's inputs at load time. */
export function conditionFields(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(conditionFields);
  if ('any' in condition) return condition.any.flatMap(conditionFields);
  if ('not' in condition) return conditionFields(condition.not);
  return [condition.field];
}

/** Where a condition's field lives in the run's context: a bare name is an input. */
export function contextPath(field: string): string {
  return field.includes('.') || field === 'item' ? field : `inputs.${field}`;
}

const isEmpty = (value: TemplateValue | undefined) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

const sameScalar = (a: TemplateValue | undefined, b: Scalar) =>
  (typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean') && a === b;

function rank(value: TemplateValue | undefined): number {
  return typeof value === 'string' ? (SCALE as readonly string[]).indexOf(value) : -1;
}

function holds(leaf: Leaf, value: TemplateValue | undefined): boolean {
  const list: readonly TemplateValue[] | null = Array.isArray(value) ? value : null;
  if (leaf.empty !== undefined) return isEmpty(value) === leaf.empty;
  if (leaf.equals !== undefined) return sameScalar(value, leaf.equals);
  if (leaf.in !== undefined) return leaf.in.some((candidate) => sameScalar(value, candidate));
  if (leaf.not_in !== undefined) return !leaf.not_in.some((candidate) => sameScalar(value, candidate));
  if (leaf.contains !== undefined) return list !== null && list.some((item) => sameScalar(item, leaf.contains!));
  if (leaf.at_least !== undefined) return rank(value) >= 0 && rank(value) >= rank(leaf.at_least);
  return false;
}

/** Whether the condition holds for the run's context. Total: an unknown field is simply missing. */
export function evaluateCondition(condition: Condition, context: TemplateContext): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, context));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, context));
  if ('not' in condition) return !evaluateCondition(condition.not, context);
  return holds(condition, lookupPath(context, contextPath(condition.field)));
}

/** "severity in [high, critical]", for the timeline when a step is skipped. */
export function describeCondition(condition: Condition): string {
  if ('all' in condition) return condition.all.map(describeCondition).join(' and ');
  if ('any' in condition) return `(${condition.any.map(describeCondition).join(' or ')})`;
  if ('not' in condition) return `not (${describeCondition(condition.not)})`;
  const { field } = condition;
  if (condition.empty !== undefined) return `${field} is ${condition.empty ? '' : 'not '}empty`;
  if (condition.equals !== undefined) return `${field} = ${String(condition.equals)}`;
  if (condition.in !== undefined) return `${field} in [${condition.in.join(', ')}]`;
  if (condition.not_in !== undefined) return `${field} not in [${condition.not_in.join(', ')}]`;
  if (condition.contains !== undefined) return `${field} contains ${String(condition.contains)}`;
  return `${field} at least ${condition.at_least ?? ''}`;
}
