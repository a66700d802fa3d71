import { parseCsvLine } from './csv.parser.ts';
import { type CsvOptions, LINE_FIELD, type ParseStep } from './definition.schema.ts';
import { compileGetter } from './field-path.ts';
import { parseKeyValues } from './kv.parser.ts';

/** What one step found in a text: name → value, or undefined when it found nothing. */
type StepParser = (text: string) => Record<string, string> | undefined;

/**
 * The parse steps of one text source, compiled once. During auto-detection a source parses a line before its
 * `match` is tested; when the match fails, `undo` removes what `run` added, so the source that finally claims
 * the line keeps only its own fields in `original`.
 */
export interface CompiledParse {
  run(record: Record<string, unknown>, line: string): void;
  undo(record: Record<string, unknown>): void;
}

function regexParser(pattern: string, ignoreCase: boolean): StepParser {
  const regex = new RegExp(pattern, ignoreCase ? 'i' : '');
  return (text) => {
    const groups = regex.exec(text)?.groups;
    if (groups === undefined) return undefined;
    const out: Record<string, string> = {};
    let any = false;
    for (const name in groups) {
      const value = groups[name];
      if (value === undefined || value === '') continue;
      out[name] = value;
      any = true;
    }
    return any ? out : undefined;
  };
}

function named(values: readonly string[], columns: readonly (string | null)[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let any = false;
  const n = Math.min(values.length, columns.length);
  for (let i = 0; i < n; i++) {
    const name = columns[i];
    const value = values[i]!;
    if (name === null || name === undefined || value === '') continue;
    out[name] = value;
    any = true;
  }
  return any ? out : undefined;
}

function csvParser(options: CsvOptions): StepParser {
  const { delimiter, select, columns } = options;
  if (Array.isArray(columns)) return (text) => named(parseCsvLine(text, delimiter), columns);
  const byValue = new Map(Object.entries(columns));
  return (text) => {
    const values = parseCsvLine(text, delimiter);
    const list = select === undefined ? undefined : byValue.get(values[select] ?? '');
    return list === undefined ? undefined : named(values, list);
  };
}

function stepParser(step: ParseStep): StepParser {
  if (step.regex !== undefined) return regexParser(step.regex, step.ignore_case ?? false);
  if (step.kv !== undefined) {
    const options = step.kv;
    return (text) => {
      const pairs = parseKeyValues(text, options);
      return Object.keys(pairs).length > 0 ? pairs : undefined;
    };
  }
  if (step.csv !== undefined) return csvParser(step.csv);
  throw new Error('unreachable: the schema requires one of regex, kv, csv');
}

export function compileParse(steps: readonly ParseStep[]): CompiledParse | null {
  if (steps.length === 0) return null;
  const compiled = steps.map((step) => ({
    into: step.into,
    read: step.field === LINE_FIELD ? null : compileGetter(step.field),
    parse: stepParser(step),
  }));
  const names = compiled.map((s) => s.into);
  return {
    run(record, line) {
      for (const step of compiled) {
        const text = step.read === null ? line : step.read(record);
        if (typeof text !== 'string') continue;
        const found = step.parse(text);
        if (found !== undefined) record[step.into] = found;
      }
    },
    undo(record) {
      for (const name of names) delete record[name];
    },
  };
}
