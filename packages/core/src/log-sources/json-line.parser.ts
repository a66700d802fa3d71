/** Longest line the parsers look at; longer lines are kept raw as `generic` with a parse error. */
export const MAX_LINE_LENGTH = 10_000_000;
/** Deepest JSON nesting accepted. Real log records stay far below it; deeper input is hostile or broken. */
export const MAX_JSON_DEPTH = 64;

/** The outcome of parsing one JSON line: the object, or why it is not one (never a throw). */
export type JsonLineResult = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/**
 * Nesting depth of a JSON text, counted over brackets outside strings. Run before `JSON.parse` so hostile
 * input (10,000 nested arrays) is refused in one linear pass instead of building a huge structure first.
 */
function exceedsDepth(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a line expected to hold one JSON object, with the depth guard. */
export function parseJsonLine(line: string): JsonLineResult {
  if (exceedsDepth(line, MAX_JSON_DEPTH)) return { ok: false, error: `JSON nested deeper than ${MAX_JSON_DEPTH}` };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, error: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isPlainObject(value)) return { ok: false, error: 'JSON value is not an object' };
  return { ok: true, value };
}

/** Depth of an already-parsed value, for objects that arrive through HTTP ingest instead of as text. */
export function jsonDepthExceeds(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (typeof top.value !== 'object' || top.value === null) continue;
    if (top.depth > max) return true;
    for (const child of Object.values(top.value)) stack.push({ value: child, depth: top.depth + 1 });
  }
  return false;
}
