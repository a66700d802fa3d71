import { superLinearReason } from './regex-safety.ts';
import { RuleError } from './types.ts';

/** Sub-modifiers of `|re` and the JS flag each maps to (SIGMA.md 2.2.10). */
export const REGEX_FLAG_MODIFIERS: Readonly<Record<string, string>> = {
  i: 'i',
  ignorecase: 'i',
  m: 'm',
  multiline: 'm',
  s: 's',
  dotall: 's',
};

// SigmaHQ rules open with PCRE inline flags (`(?i)`), which Node 20's RegExp rejects: lift them to JS flags.
const LEADING_INLINE_FLAGS = /^\(\?([ims]+)\)/;

/**
 * Compiles a `|re` value once, at load. Matching is an unanchored search (Python `re.search`). Python's
 * named-group spellings are translated; anything else JS cannot parse is a rule error, and so is a pattern
 * that can take super-linear time on crafted input (ReDoS, `regex-safety.ts`): rule files are untrusted.
 */
export function compileRegex(source: string, flags: ReadonlySet<string>): RegExp {
  let pattern = source;
  const all = new Set(flags);
  const inline = LEADING_INLINE_FLAGS.exec(pattern);
  if (inline) {
    for (const f of inline[1]!) all.add(f);
    pattern = pattern.slice(inline[0].length);
  }
  pattern = pattern.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, [...all].sort().join(''));
  } catch (error) {
    throw new RuleError(`invalid regular expression '${source}': ${(error as Error).message}`);
  }
  const unsafe = superLinearReason(regex);
  if (unsafe !== null) throw new RuleError(`regular expression '${source}' refused (ReDoS), it can take ${unsafe}`);
  return regex;
}
