import { type AST, RegExpParser, visitRegExpAST } from '@eslint-community/regexpp';
import { getEffectiveMaximumRepetition, getFirstConsumedChar } from 'regexp-ast-analysis';
import { analyse, type Report } from 'scslre';

/*
 * ReDoS guard for `|re` values, which come from untrusted rule files (uploads, CITYSOC_RULES_DIRS) and run on
 * attacker-influenced event text with V8's backtracking engine. A pattern is refused at load when any check
 * below finds input on which it can take super-linear time:
 *
 * 1. scslre (the analysis behind eslint-plugin-regexp's no-super-linear-backtracking and no-super-linear-move):
 *    nested quantifiers (`(a+)+`, exponential or polynomial), adjacent quantifiers that can trade characters
 *    (`.*&&.*`), and the quadratic cost of an unanchored search that retries a leading quantifier at every
 *    position (`.+:x`: matching is a search, SIGMA.md 2.2.10).
 * 2. scslre only looks at unbounded quantifiers, yet `(?:a{1,100}){1,100}b` backtracks for minutes on 30
 *    characters: the pattern is analysed with every counted quantifier `{m,n}` (m < n) that is nested in or
 *    around another repetition read as `{m,}`, a superset of its ambiguity. A counted quantifier on its own
 *    (`\s+[^"]{0,64}`) costs at most its bound per position, so it is left as written.
 * 3. scslre does not see ambiguity between alternatives (`^(a|a)+$`, exponential): a group repeated 10 times or
 *    more whose alternatives can start with the same character is refused. `(ab|ac)+` is refused too; no
 *    SigmaHQ rule has such a group.
 *
 * Every check is static and deterministic (the same rule loads or is refused on every machine), a few
 * milliseconds at most per pattern, and results are memoised. Known miss: polynomial cost that needs a repeated
 * multi-character string between two quantifiers (`.+powershell.+x` on "powershell" × n: ≈0.6 s per 64 KB
 * value). Backreferences and lookaround are analysed approximately (scslre's model).
 */

const parser = new RegExpParser({ ecmaVersion: 2025 });

/** Memo of verdicts by flags and source: a rule set compiles the same patterns again (rule tests, subsets). */
const verdicts = new Map<string, string | null>();
const MAX_VERDICTS = 10_000;

/** Groups repeated at least this many times must not have alternatives starting alike (2^10 paths per start). */
const MIN_ALTERNATION_REPEAT = 10;

interface Edit {
  readonly at: number;
  readonly end: number;
  readonly text: string;
}

const repeats = (q: AST.Quantifier): boolean => q.max > 1;

const insideRepetition = (node: AST.Node | null): boolean =>
  node !== null && ((node.type === 'Quantifier' && repeats(node)) || insideRepetition(node.parent));

/** Whether a quantifier is inside another repetition, or has one inside its element. */
function nestedRepetition(q: AST.Quantifier): boolean {
  if (insideRepetition(q.parent)) return true;
  let inner = false;
  visitRegExpAST(q.element, {
    onQuantifierEnter(child) {
      inner ||= repeats(child);
    },
  });
  return inner;
}

/**
 * Nested counted quantifiers `{m,n}` (m < n) rewritten to `{m,}`, with a map from rewritten offsets to
 * original ones (to quote the pattern as written).
 */
function widenCountedQuantifiers(pattern: AST.Pattern): { source: string; original: (at: number) => number } {
  const edits: Edit[] = [];
  visitRegExpAST(pattern, {
    onQuantifierEnter(q) {
      if (q.max === Infinity || q.max < 2 || q.min === q.max || !nestedRepetition(q)) return;
      edits.push({ at: q.element.end, end: q.end, text: `{${q.min},}${q.greedy ? '' : '?'}` });
    },
  });
  edits.sort((a, b) => a.at - b.at);
  let source = '';
  let from = pattern.start;
  const shifts: { after: number; shift: number }[] = [];
  for (const edit of edits) {
    source += pattern.raw.slice(from - pattern.start, edit.at - pattern.start) + edit.text;
    from = edit.end;
    shifts.push({ after: source.length, shift: edit.end - pattern.start - source.length });
  }
  source += pattern.raw.slice(from - pattern.start);
  const original = (at: number): number => {
    let shift = 0;
    for (const s of shifts) if (at >= s.after) shift = s.shift;
    return at + shift;
  };
  return { source, original };
}

const describeChar = (c: string): string => JSON.stringify(c);

function describeReport(report: Report, text: (node: AST.Node) => string): string {
  const run = `a run of ${describeChar(report.character.pick)}`;
  switch (report.type) {
    case 'Self':
      return `${report.exponential ? 'exponential' : 'polynomial'} time: '${text(report.quant)}' inside '${text(report.parentQuant)}' can match ${run} in many ways`;
    case 'Trade':
      return `${report.exponential ? 'exponential' : 'polynomial'} time: '${text(report.startQuant)}' and '${text(report.endQuant)}' can both match ${run}`;
    case 'Move':
      return `quadratic time: the search retries '${text(report.quant)}' at every position of ${run}`;
  }
}

/** A repeated group whose alternatives can start with the same character, described; null when there is none. */
function ambiguousAlternation(pattern: AST.Pattern, flags: AST.Flags): string | null {
  let found: string | null = null;
  const check = (group: AST.Group | AST.CapturingGroup): void => {
    if (found !== null || group.alternatives.length < 2) return;
    if (getEffectiveMaximumRepetition(group) < MIN_ALTERNATION_REPEAT) return;
    const firsts = group.alternatives.map((a) => getFirstConsumedChar(a, 'ltr', flags).char);
    for (let i = 0; i < firsts.length && found === null; i++) {
      for (let j = i + 1; j < firsts.length && found === null; j++) {
        const common = firsts[i]!.intersect(firsts[j]!);
        if (common.isEmpty) continue;
        const c = describeChar(String.fromCodePoint(common.ranges[0]!.min));
        found = `exponential time: alternatives '${group.alternatives[i]!.raw}' and '${group.alternatives[j]!.raw}' of a repeated group can both start with ${c}`;
      }
    }
  };
  visitRegExpAST(pattern, { onGroupEnter: check, onCapturingGroupEnter: check });
  return found;
}

function analyseRegex(regex: RegExp): string | null {
  const flags = parser.parseFlags(regex.flags);
  const pattern = parser.parsePattern(regex.source, 0, regex.source.length, {
    unicode: flags.unicode,
    unicodeSets: flags.unicodeSets,
  });
  const alternation = ambiguousAlternation(pattern, flags);
  if (alternation !== null) return alternation;
  const widened = widenCountedQuantifiers(pattern);
  const { reports } = analyse({ source: widened.source, flags: regex.flags });
  // Name the worst cause: exponential first, then polynomial backtracking, then the quadratic search.
  const report = reports.find((r) => r.exponential) ?? reports.find((r) => r.type !== 'Move') ?? reports[0];
  if (!report) return null;
  return describeReport(report, (node) => regex.source.slice(widened.original(node.start), widened.original(node.end)));
}

/**
 * Why `regex` can take super-linear time on some input ("exponential time: …"), or null when the checks above
 * find nothing. A pattern the analyser cannot parse is reported as such: refusing is the safe answer.
 */
export function superLinearReason(regex: RegExp): string | null {
  const key = `${regex.flags}/${regex.source}`;
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  let verdict: string | null;
  try {
    verdict = analyseRegex(regex);
  } catch (error) {
    verdict = `the ReDoS check cannot analyse it: ${(error as Error).message}`;
  }
  if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}
