import { RuleError } from './types.ts';

/**
 * A Sigma string value after unescaping: literal runs, the two wildcards and (with `|expand`) placeholders.
 * Modifiers transform these part lists; the matcher compiler turns the final lists into string tests.
 */
export type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'star' }
  | { readonly kind: 'one' }
  | { readonly kind: 'placeholder'; readonly name: string };

export type SigmaString = readonly Part[];

export const STAR: Part = { kind: 'star' };
const ONE: Part = { kind: 'one' };

/** Appends a part, merging adjacent text so later checks (prefix/suffix/equality) see one run. */
export function pushPart(parts: Part[], part: Part): void {
  const last = parts[parts.length - 1];
  if (part.kind === 'text') {
    if (part.text === '') return;
    if (last?.kind === 'text') {
      parts[parts.length - 1] = { kind: 'text', text: last.text + part.text };
      return;
    }
  }
  parts.push(part);
}

/**
 * Parses a rule value with Sigma's escaping (SIGMA.md 2.2.4): `\` before `*`, `?` or `\` makes that character
 * literal; before anything else the backslash stays literal and the character is processed as usual.
 * With `placeholders` (i.e. `|expand`), `%name%` is a placeholder and `\%` a literal percent.
 */
export function parseSigmaString(value: string, placeholders = false): Part[] {
  const parts: Part[] = [];
  let text = '';
  const flush = (): void => {
    pushPart(parts, { kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\') {
      const next = value[i + 1];
      if (next === '*' || next === '?' || next === '\\' || (placeholders && next === '%')) {
        text += next;
        i++;
      } else {
        text += '\\';
      }
    } else if (c === '*' || c === '?') {
      flush();
      parts.push(c === '*' ? STAR : ONE);
    } else if (c === '%' && placeholders) {
      const end = value.indexOf('%', i + 1);
      if (end === -1) {
        text += c;
        continue;
      }
      flush();
      parts.push({ kind: 'placeholder', name: value.slice(i + 1, end) });
      i = end;
    } else {
      text += c;
    }
  }
  flush();
  return parts;
}

/** A value made only of text (or empty), i.e. no wildcards or placeholders. */
export function plainText(parts: SigmaString): string | null {
  let text = '';
  for (const p of parts) {
    if (p.kind !== 'text') return null;
    text += p.text;
  }
  return text;
}

export function requirePlain(parts: SigmaString, modifier: string): string {
  const text = plainText(parts);
  if (text === null) throw new RuleError(`|${modifier} cannot encode a value with wildcards or placeholders`);
  return text;
}

/** `contains`: wildcard on both sides, never doubled (`*foo` → `*foo*`). */
export function withContains(parts: SigmaString): Part[] {
  return withEndsWith(withStartsWith(parts));
}

/** `startswith`: trailing `*` unless already there. */
export function withStartsWith(parts: SigmaString): Part[] {
  const out = [...parts];
  if (out[out.length - 1]?.kind !== 'star') out.push(STAR);
  return out;
}

/** `endswith`: leading `*` unless already there. */
export function withEndsWith(parts: SigmaString): Part[] {
  return parts[0]?.kind === 'star' ? [...parts] : [STAR, ...parts];
}

/** Applies a text transformation to every literal run, keeping wildcards as specials (pySigma `test_wide`). */
export function mapText(parts: SigmaString, f: (text: string) => string): Part[] {
  const out: Part[] = [];
  for (const p of parts) pushPart(out, p.kind === 'text' ? { kind: 'text', text: f(p.text) } : p);
  return out;
}

/**
 * Replaces placeholders by every combination of their configured values (each parsed as a Sigma string, so a
 * configured `srv*` is a wildcard). An unknown name is a rule error: the spec says such a rule must be refused.
 */
export function expandPlaceholders(parts: SigmaString, values: Readonly<Record<string, string[]>>): Part[][] {
  let variants: Part[][] = [[]];
  for (const p of parts) {
    if (p.kind !== 'placeholder') {
      for (const v of variants) pushPart(v, p);
      continue;
    }
    const options = values[p.name];
    if (!options || options.length === 0) throw new RuleError(`unresolvable placeholder %${p.name}%`);
    const parsed = options.map((o) => parseSigmaString(o));
    const next: Part[][] = [];
    for (const v of variants) {
      for (const option of parsed) {
        const copy = [...v];
        for (const q of option) pushPart(copy, q);
        next.push(copy);
      }
    }
    variants = next;
  }
  return variants;
}
