import { RuleError } from './types.ts';

/** Parsed condition; `of` nodes keep their pattern so the compiler can resolve it against the identifiers. */
export type ConditionNode =
  | { readonly kind: 'and' | 'or'; readonly left: ConditionNode; readonly right: ConditionNode }
  | { readonly kind: 'not'; readonly operand: ConditionNode }
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'of'; readonly quantifier: 'one' | 'all'; readonly pattern: string };

const TOKEN = /\(|\)|[^\s()]+/g;

/**
 * Parses a condition with pySigma's precedence, tightest first: parentheses, `x of`, `not` (right-assoc),
 * `and`, `or` (left-assoc). Operators are lower-case keywords. Sigma 1 aggregations (`| count() …`) are
 * refused: they are correlations now.
 */
export function parseCondition(text: string): ConditionNode {
  if (text.includes('|')) throw new RuleError(`condition '${text}' uses a Sigma 1 aggregation ('|'), not supported`);
  const tokens = text.match(TOKEN) ?? [];
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const fail = (why: string): never => {
    throw new RuleError(`condition '${text}': ${why}`);
  };

  const parseOr = (): ConditionNode => {
    let left = parseAnd();
    while (peek() === 'or') {
      pos++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): ConditionNode => {
    let left = parseNot();
    while (peek() === 'and') {
      pos++;
      left = { kind: 'and', left, right: parseNot() };
    }
    return left;
  };
  const parseNot = (): ConditionNode => {
    if (peek() === 'not') {
      pos++;
      return { kind: 'not', operand: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): ConditionNode => {
    const token = peek();
    if (token === undefined) return fail('unexpected end');
    pos++;
    if (token === '(') {
      const inner = parseOr();
      if (peek() !== ')') fail(`expected ')' at token ${pos + 1}`);
      pos++;
      return inner;
    }
    if (token === ')' || token === 'and' || token === 'or' || token === 'of') return fail(`unexpected '${token}'`);
    if (peek() === 'of') {
      pos++;
      const pattern = peek();
      if (pattern === undefined || pattern === '(' || pattern === ')') return fail(`'${token} of' needs a target`);
      pos++;
      if (token === '1' || token === 'any') return { kind: 'of', quantifier: 'one', pattern };
      if (token === 'all') return { kind: 'of', quantifier: 'all', pattern };
      return fail(`invalid quantifier '${token}'`);
    }
    return { kind: 'ref', name: token };
  };

  const node = parseOr();
  if (pos < tokens.length) fail(`unexpected '${tokens[pos]}'`);
  return node;
}

/**
 * The identifiers an `x of` pattern selects. `them` is every identifier; a glob uses `*` and `?`. The
 * underscore rule: identifiers starting with `_` are included only when the pattern itself starts with `_`.
 */
export function resolvePattern(pattern: string, identifiers: readonly string[]): string[] {
  const underscoreOk = pattern.startsWith('_');
  const candidates = identifiers.filter((id) => underscoreOk || !id.startsWith('_'));
  if (pattern === 'them') return candidates;
  const glob = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return candidates.filter((id) => glob.test(id));
}
