import { type Part, type SigmaString } from './sigma-string.ts';

/** A test on one event string, already lowercased unless the value is `|cased`. */
export type StringTest = (s: string) => boolean;

const REGEX_SPECIALS = /[\\^$.*+?()[\]{}|/]/g;

function toRegex(parts: SigmaString): RegExp {
  const body = parts
    .map((p) => (p.kind === 'text' ? p.text.replace(REGEX_SPECIALS, '\\$&') : p.kind === 'star' ? '.*' : '.'))
    .join('');
  // `u` so `?` is one code point; `s` so wildcards cross newlines.
  return new RegExp(`^${body}$`, 'su');
}

function lowered(parts: SigmaString): Part[] {
  return parts.map((p) => (p.kind === 'text' ? { kind: 'text', text: p.text.toLowerCase() } : p));
}

/**
 * Compiles one wildcard pattern (anchored, SIGMA.md 2.2.3) into the cheapest check: equality, prefix, suffix,
 * substring, or a regular expression for anything else. Case-insensitivity lowercases both sides.
 */
export function compilePattern(pattern: SigmaString, cased: boolean): StringTest {
  const parts = cased ? pattern : lowered(pattern);
  const [first, second, third] = parts;
  const text = (p: Part | undefined): string | null => (p?.kind === 'text' ? p.text : null);
  if (parts.length === 0) return (s) => s === '';
  if (parts.length === 1 && first?.kind === 'star') return () => true;
  if (parts.length === 1 && first?.kind === 'text') return (s) => s === first.text;
  if (parts.length === 2 && first?.kind === 'star') {
    const suffix = text(second);
    if (suffix !== null) return (s) => s.endsWith(suffix);
  }
  if (parts.length === 2 && second?.kind === 'star') {
    const prefix = text(first);
    if (prefix !== null) return (s) => s.startsWith(prefix);
  }
  if (parts.length === 3 && first?.kind === 'star' && third?.kind === 'star') {
    const infix = text(second);
    if (infix !== null) return (s) => s.includes(infix);
  }
  const regex = toRegex(parts);
  return (s) => regex.test(s);
}

/** OR of the variants of one value (an expansion: windash, base64offset, placeholders). */
export function compileAlternatives(variants: readonly SigmaString[], cased: boolean): StringTest {
  const exact = new Set<string>();
  const others: StringTest[] = [];
  for (const v of variants) {
    const onlyText = v.length === 1 && v[0]?.kind === 'text' ? v[0].text : v.length === 0 ? '' : null;
    if (onlyText !== null) exact.add(cased ? onlyText : onlyText.toLowerCase());
    else others.push(compilePattern(v, cased));
  }
  if (others.length === 0) return exact.size === 1 ? equalsOne([...exact][0]!) : (s) => exact.has(s);
  if (exact.size === 0 && others.length === 1) return others[0]!;
  return (s) => exact.has(s) || others.some((t) => t(s));
}

function equalsOne(value: string): StringTest {
  return (s) => s === value;
}
