import { InputError } from '../errors.ts';
import { type CompiledSource, compileSource } from './compile-source.ts';
import { LogSourceDefinition } from './definition.schema.ts';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-line.parser.ts';
import { GENERIC_SOURCE, type LogSourceSet, type NormalisedEvent } from './normalised-event.ts';
import { type ParsedInput, type TextRecord, parseLine, withKeyValues } from './parsed-input.ts';

/** Options for tests and replays; production uses the defaults. */
export interface CompileOptions {
  /** The clock used to give a year to year-less BSD syslog times. */
  readonly now?: () => number;
}

type TextInput = Extract<ParsedInput, { kind: 'text' }>;

/** Whether a text line has what a text source's format needs (JSON sources never see text). */
function textFits(source: CompiledSource, input: TextInput): boolean {
  switch (source.format) {
    case 'syslog':
      return input.syslog !== null;
    case 'cef':
      return input.cef !== null;
    case 'kv':
    case 'text':
      return true;
    case 'json':
      return false;
  }
}

/** The original fields a text source sees: the line's, plus its `kv` pairs and its parse steps' fields. */
function textRecordFor(source: CompiledSource, input: TextInput): TextRecord {
  const record = source.format === 'kv' ? withKeyValues(input.record) : input.record;
  source.parse?.run(record, input.line);
  return record;
}

function generic(raw: string, original: Record<string, unknown> | null, parseError: string | null): NormalisedEvent {
  const fields: Record<string, unknown> = original === null && parseError === null ? { message: raw } : {};
  return { timestamp: null, source: GENERIC_SOURCE, fields, original, raw, parseError };
}

function validate(definitions: readonly LogSourceDefinition[]): CompiledSource[] {
  const seen = new Set<string>([GENERIC_SOURCE]);
  return definitions.map((definition, index) => {
    const label = typeof definition.name === 'string' ? definition.name : `#${index}`;
    const parsed = LogSourceDefinition.safeParse(definition);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new InputError(`log source "${label}" is invalid: ${problems}`, parsed.error.issues);
    }
    if (seen.has(parsed.data.name)) throw new InputError(`log source "${label}" is defined twice or reserved`);
    seen.add(parsed.data.name);
    return compileSource(parsed.data);
  });
}

/**
 * Compiles validated definitions into the set used on the hot path. Throws `InputError` naming the source
 * on an invalid definition, a duplicate name, or the reserved name `generic`.
 */
export function compileLogSources(
  definitions: readonly LogSourceDefinition[],
  options: CompileOptions = {},
): LogSourceSet {
  const now = options.now ?? Date.now;
  const sources = validate(definitions).sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : 1));
  const byName = new Map(sources.map((s) => [s.name, s]));
  const jsonSources = sources.filter((s) => s.format === 'json');
  const textSources = sources.filter((s) => s.format !== 'json');

  function emit(source: CompiledSource, record: Record<string, unknown>, raw: string): NormalisedEvent {
    const fields: Record<string, unknown> = {};
    source.map(record, fields);
    return {
      timestamp: source.timestamp(record, now()),
      source: source.name,
      fields,
      original: record,
      raw,
      parseError: null,
    };
  }

  function resolveHint(hint: string | undefined): CompiledSource | 'generic' | undefined {
    if (hint === undefined) return undefined;
    if (hint === GENERIC_SOURCE) return GENERIC_SOURCE;
    const source = byName.get(hint);
    if (source === undefined) throw new InputError(`unknown log source "${hint}"`, { known: [...byName.keys()] });
    return source;
  }

  function fromJson(
    record: Record<string, unknown>,
    raw: string,
    hint: CompiledSource | 'generic' | undefined,
  ): NormalisedEvent {
    if (hint === GENERIC_SOURCE) return generic(raw, record, null);
    if (hint !== undefined) {
      return hint.format === 'json'
        ? emit(hint, record, raw)
        : generic(raw, record, `log source "${hint.name}" expects ${hint.format} text, got a JSON object`);
    }
    for (const source of jsonSources) if (source.matches(record)) return emit(source, record, raw);
    return generic(raw, record, null);
  }

  function fromText(input: TextInput, raw: string, hint: CompiledSource | 'generic' | undefined): NormalisedEvent {
    const original = input.syslog === null && input.cef === null ? null : input.record;
    if (hint === GENERIC_SOURCE) return generic(raw, original, null);
    if (hint !== undefined) {
      if (!textFits(hint, input))
        return generic(raw, original, `line is not ${hint.format}, as log source "${hint.name}" expects`);
      return emit(hint, textRecordFor(hint, input), raw);
    }
    for (const source of textSources) {
      if (!textFits(source, input)) continue;
      if (source.prefilter !== null && !source.prefilter(input.line)) continue;
      if (!source.matches(textRecordFor(source, input))) {
        source.parse?.undo(input.record);
        continue;
      }
      if (source.format !== 'kv') delete input.record.kv;
      return emit(source, input.record, raw);
    }
    // A kv source looked at the line but none claimed it: the pairs are not part of what we keep.
    delete input.record.kv;
    return original === null
      ? generic(raw, null, null)
      : { ...generic(raw, original, null), fields: { message: input.record.message } };
  }

  return {
    names: sources.map((s) => s.name),
    normaliseText(line, hint) {
      const source = resolveHint(hint);
      const input = parseLine(line);
      if (input.kind === 'unparsable') return generic(line, null, input.error);
      return input.kind === 'json' ? fromJson(input.record, line, source) : fromText(input, line, source);
    },
    normaliseObject(record, hint) {
      const source = resolveHint(hint);
      if (jsonDepthExceeds(record))
        return generic(safeStringify(record), null, `JSON nested deeper than ${MAX_JSON_DEPTH}`);
      const raw = safeStringify(record);
      return fromJson(record, raw, source);
    },
  };
}

function safeStringify(record: Record<string, unknown>): string {
  try {
    return JSON.stringify(record);
  } catch (error) {
    return `[unserialisable object: ${error instanceof Error ? error.message : String(error)}]`;
  }
}
