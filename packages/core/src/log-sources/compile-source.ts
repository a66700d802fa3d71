import { CONVERTERS, type Converter } from './conversions.ts';
import {
  type Condition,
  type FieldCondition,
  type FieldTarget,
  type LogSourceDefinition,
  type LogSourceFormat,
} from './definition.schema.ts';
import { type FieldGetter, type FieldSetter, compileGetter, compileSetter } from './field-path.ts';
import { type CompiledParse, compileParse } from './parse-steps.ts';
import { compilePassthrough } from './passthrough.ts';
import { type TimestampFormat, normaliseTimestamp } from './timestamp.ts';

type Predicate = (record: Record<string, unknown>) => boolean;
type Apply = (record: Record<string, unknown>, fields: Record<string, unknown>) => void;

/** A log source compiled into closures: no regex, path split or schema check happens per event. */
export interface CompiledSource {
  readonly name: string;
  readonly priority: number;
  readonly format: LogSourceFormat;
  /** Text sources: a cheap test on the whole line before anything is parsed; null when there is none. */
  readonly prefilter: ((line: string) => boolean) | null;
  /** Text sources: the parse steps that add original fields before `matches`; null when there are none. */
  readonly parse: CompiledParse | null;
  readonly matches: Predicate;
  readonly map: Apply;
  readonly timestamp: (record: Record<string, unknown>, nowMs: number) => string | null;
}

function scalarKey(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

function compileFieldCondition(condition: FieldCondition): Predicate {
  const get = compileGetter(condition.field);
  if (condition.exists !== undefined) {
    const want = condition.exists;
    return (record) => {
      const value = get(record);
      return (value !== undefined && value !== null) === want;
    };
  }
  if (condition.matches !== undefined) {
    const regex = new RegExp(condition.matches);
    return (record) => {
      const value = scalarKey(get(record));
      return value !== undefined && regex.test(value);
    };
  }
  // `equals` compares as text so `4624` in YAML matches both 4624 and "4624" in the event.
  const wanted = new Set((Array.isArray(condition.equals) ? condition.equals : [condition.equals]).map(String));
  return (record) => {
    const value = scalarKey(get(record));
    return value !== undefined && wanted.has(value);
  };
}

function compileCondition(condition: Condition): Predicate {
  if ('any' in condition) {
    const alternatives = condition.any.map(compileFieldCondition);
    return (record) => alternatives.some((p) => p(record));
  }
  return compileFieldCondition(condition);
}

export function compileConditions(conditions: readonly Condition[]): Predicate {
  const predicates = conditions.map(compileCondition);
  if (predicates.length === 0) return () => true;
  if (predicates.length === 1) return predicates[0]!;
  return (record) => predicates.every((p) => p(record));
}

function compileConstants(constants: Record<string, unknown>): Apply {
  const setters: [FieldSetter, unknown][] = Object.entries(constants).map(([path, value]) => [
    compileSetter(path),
    value,
  ]);
  return (_record, fields) => {
    // Arrays are copied so that no two events share (and could mutate) one constant.
    for (const [set, value] of setters) set(fields, Array.isArray(value) ? value.slice() : value);
  };
}

interface Copy {
  get: FieldGetter;
  set: FieldSetter;
  convert: Converter | undefined;
}

function compileCopy(get: FieldGetter, target: FieldTarget): Copy {
  const to = typeof target === 'string' ? target : target.to;
  const conversion = typeof target === 'string' ? undefined : target.convert;
  return { get, set: compileSetter(to), convert: conversion === undefined ? undefined : CONVERTERS[conversion] };
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * Missing, null and empty-text values are not copied: ECS leaves absent fields out. Lists lose such elements,
 * and a list left empty is not copied (Zeek writes a set holding one empty string as `(empty)` in TSV and as
 * `[""]` in JSON: both mean "none").
 */
function applyCopy(copy: Copy, input: unknown, fields: Record<string, unknown>): void {
  if (isAbsent(input)) return;
  let value = input;
  if (Array.isArray(input) && input.some(isAbsent)) value = input.filter((item) => !isAbsent(item));
  if (Array.isArray(value) && value.length === 0) return;
  const converted = copy.convert === undefined ? value : copy.convert(value);
  if (converted !== undefined) copy.set(fields, converted);
}

function compileFieldMap(map: Record<string, FieldTarget | FieldTarget[]>): Apply {
  const copies = Object.entries(map).flatMap(([from, targets]) => {
    const get = compileGetter(from);
    return (Array.isArray(targets) ? targets : [targets]).map((target) => compileCopy(get, target));
  });
  return (record, fields) => {
    for (const copy of copies) applyCopy(copy, copy.get(record), fields);
  };
}

function compileWhen(blocks: LogSourceDefinition['when']): Apply {
  const compiled = blocks.map((block) => ({
    match: compileConditions(block.match),
    constants: compileConstants(block.constants),
    fields: compileFieldMap(block.fields),
  }));
  return (record, fields) => {
    for (const block of compiled) {
      if (!block.match(record)) continue;
      block.constants(record, fields);
      block.fields(record, fields);
    }
  };
}

function compileExtract(rules: LogSourceDefinition['extract']): Apply {
  // Grouped by field in order of first appearance; within a field the first matching pattern wins.
  const byField = new Map<string, LogSourceDefinition['extract']>();
  for (const rule of rules) byField.set(rule.field, [...(byField.get(rule.field) ?? []), rule]);
  const fields = [...byField.values()].map((group) => ({
    get: compileGetter(group[0]!.field),
    rules: group.map((rule) => ({
      regex: new RegExp(rule.pattern, rule.ignore_case ? 'i' : ''),
      groups: Object.entries(rule.fields).map(([group, target]) => ({
        group,
        copy: compileCopy(() => undefined, target),
      })),
      constants: compileConstants(rule.constants),
    })),
  }));
  return (record, out) => {
    for (const field of fields) {
      const value = field.get(record);
      if (typeof value !== 'string') continue;
      for (const rule of field.rules) {
        const m = rule.regex.exec(value);
        if (m === null) continue;
        rule.constants(record, out);
        for (const { group, copy } of rule.groups) applyCopy(copy, m.groups?.[group], out);
        break;
      }
    }
  };
}

function compileRemaining(remaining: LogSourceDefinition['remaining']): Apply {
  if (remaining === undefined) return () => undefined;
  const set = compileSetter(remaining.to);
  const exclude = new Set(remaining.exclude);
  return (record, fields) => {
    const rest: Record<string, unknown> = {};
    let any = false;
    for (const key in record) {
      if (exclude.has(key) || !Object.hasOwn(record, key)) continue;
      rest[key] = record[key];
      any = true;
    }
    if (any) set(fields, rest);
  };
}

/** Text formats default to the syslog header time when the source names no timestamp field. */
function compileTimestamp(definition: LogSourceDefinition): CompiledSource['timestamp'] {
  const rule =
    definition.timestamp ??
    (definition.format === 'json' ? undefined : { field: 'timestamp', format: 'syslog' as const });
  if (rule === undefined) return () => null;
  const getters = (Array.isArray(rule.field) ? rule.field : [rule.field]).map(compileGetter);
  const format: TimestampFormat = rule.format;
  // The first field holding a valid time wins: a device time that cannot be read falls back to the header's.
  return (record, nowMs) => {
    for (const get of getters) {
      const value = get(record);
      if (value === undefined || value === null) continue;
      const time = normaliseTimestamp(value, format, nowMs);
      if (time !== null) return time;
    }
    return null;
  };
}

function compilePrefilter(literals: readonly string[] | undefined): CompiledSource['prefilter'] {
  if (literals === undefined) return null;
  if (literals.length === 1) {
    const literal = literals[0]!;
    return (line) => line.includes(literal);
  }
  return (line) => literals.some((literal) => line.includes(literal));
}

/**
 * Compiles one validated definition. Order of application: passthrough, constants, fields, when, extract,
 * remaining; each later step may add to or override what an earlier one wrote.
 */
export function compileSource(definition: LogSourceDefinition): CompiledSource {
  const steps: Apply[] = [
    compilePassthrough(definition.passthrough),
    compileConstants(definition.constants),
    compileFieldMap(definition.fields),
    compileWhen(definition.when),
    compileExtract(definition.extract),
    compileRemaining(definition.remaining),
  ];
  return {
    name: definition.name,
    priority: definition.priority,
    format: definition.format,
    prefilter: compilePrefilter(definition.prefilter),
    parse: compileParse(definition.parse),
    matches: compileConditions(definition.match),
    map: (record, fields) => {
      for (const step of steps) step(record, fields);
    },
    timestamp: compileTimestamp(definition),
  };
}
