import { AhoCorasick } from './aho-corasick.ts';
import { type Part, plainText, type SigmaString } from './sigma-string.ts';

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

/** Below this many substrings a loop of `includes` beats building and running an automaton. */
const AUTOMATON_MIN = 8;

function anyIncludes(infixes: readonly string[]): StringTest {
  if (infixes.length >= AUTOMATON_MIN) {
    const automaton = new AhoCorasick(infixes);
    return (s) => automaton.matchesAny(s);
  }
  return (s) => {
    for (const x of infixes) if (s.includes(x)) return true;
    return false;
  };
}

/**
 * OR of many patterns (the variants of one value, or every value of a non-`all` item): equality through one
 * Set, prefixes and suffixes in one loop each, substrings through one Aho-Corasick automaton when there are
 * many (SIGMA.md "collapse groups of 8 or more contains values"), anything else as a regular expression.
 */
export function compileAlternatives(variants: readonly SigmaString[], cased: boolean): StringTest {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  const infixes: string[] = [];
  const others: StringTest[] = [];
  for (const variant of variants) {
    const onlyText = plainText(variant);
    if (onlyText !== null) {
      exact.add(cased ? onlyText : onlyText.toLowerCase());
      continue;
    }
    const parts = cased ? variant : lowered(variant);
    const [first, second, third] = parts;
    const text = (p: Part | undefined): string | null => (p?.kind === 'text' ? p.text : null);
    if (parts.length === 1 && first?.kind === 'star') return () => true;
    if (parts.length === 2 && first?.kind === 'star' && text(second) !== null) suffixes.push(text(second)!);
    else if (parts.length === 2 && second?.kind === 'star' && text(first) !== null) prefixes.push(text(first)!);
    else if (parts.length === 3 && first?.kind === 'star' && third?.kind === 'star' && text(second) !== null)
      infixes.push(text(second)!);
    else others.push(compilePattern(parts, true));
  }
  const tests: StringTest[] = [];
  if (exact.size === 1) {
    const [only] = exact;
    tests.push((s) => s === only);
  } else if (exact.size > 1) tests.push((s) => exact.has(s));
  if (prefixes.length > 0)
    tests.push((s) => {
      for (const x of prefixes) if (s.startsWith(x)) return true;
      return false;
    });
  if (suffixes.length > 0)
    tests.push((s) => {
      for (const x of suffixes) if (s.endsWith(x)) return true;
      return false;
    });
  if (infixes.length > 0) tests.push(anyIncludes(infixes));
  tests.push(...others);
  if (tests.length === 0) return () => false;
  if (tests.length === 1) return tests[0]!;
  return (s) => {
    for (const t of tests) if (t(s)) return true;
    return false;
  };
}
