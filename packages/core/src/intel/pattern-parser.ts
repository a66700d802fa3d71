import {
  MAX_PATTERN_DEPTH,
  MAX_PATTERN_LENGTH,
  positionOf,
  StixPatternError,
  type ComparisonNode,
  type ComparisonOperator,
  type Literal,
  type ObjectPath,
  type ObservationNode,
  type PathStep,
  type PatternAst,
  type Qualifier,
  type SetLiteral,
  type StixSpecVersion,
} from './pattern-ast.ts';
import { tokenize, type Token, type TokenType } from './pattern-lexer.ts';

/** Hash names the OASIS validator checks, by upper-cased name without hyphens → [shape, display name]. */
const HASH_SHAPES: Record<string, readonly [RegExp, string]> = {
  MD5: [/^[a-fA-F0-9]{32}$/, 'MD5'],
  SHA1: [/^[a-fA-F0-9]{40}$/, 'SHA-1'],
  SHA224: [/^[a-fA-F0-9]{56}$/, 'SHA-224'],
  SHA256: [/^[a-fA-F0-9]{64}$/, 'SHA-256'],
  SHA384: [/^[a-fA-F0-9]{96}$/, 'SHA-384'],
  SHA512: [/^[a-fA-F0-9]{128}$/, 'SHA-512'],
  SHA3224: [/^[a-fA-F0-9]{56}$/, 'SHA3-224'],
  SHA3256: [/^[a-fA-F0-9]{64}$/, 'SHA3-256'],
  SHA3384: [/^[a-fA-F0-9]{96}$/, 'SHA3-384'],
  SHA3512: [/^[a-fA-F0-9]{128}$/, 'SHA3-512'],
  RIPEMD160: [/^[a-fA-F0-9]{40}$/, 'RIPEMD-160'],
  SSDEEP: [/^[a-zA-Z0-9/+:.]{1,128}$/, 'SSDEEP'],
  WHIRLPOOL: [/^[a-fA-F0-9]{128}$/, 'WHIRLPOOL'],
};

/** Canonical hash-algorithm key: `'SHA-256'`, `sha256`, `SHA256` → `SHA256`. */
export function hashAlgorithmKey(name: string): string {
  return name.toUpperCase().replace(/-/g, '');
}

const STRING_OPERATORS = new Set(['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);

class Parser {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    private readonly version: StixSpecVersion,
  ) {}

  private get token(): Token {
    return this.tokens[this.i]!;
  }

  private fail(message: string, token: Token = this.token, expected?: readonly string[]): never {
    const position = positionOf(this.text, token.offset);
    throw new StixPatternError(`line ${position.line}, column ${position.column}: ${message}`, {
      ...position,
      found: token.text,
      ...(expected ? { expected } : {}),
    });
  }

  private expected(what: readonly string[]): never {
    const found = this.token.type === 'eof' ? 'end of pattern' : `'${this.token.text}'`;
    return this.fail(`expected ${what.join(' or ')}, found ${found}`, this.token, what);
  }

  private isKeyword(word: string): boolean {
    return this.token.type === 'keyword' && this.token.value === word;
  }

  private take(type: TokenType, what: string): Token {
    if (this.token.type !== type) this.expected([what]);
    return this.tokens[this.i++]!;
  }

  private takeKeyword(word: string): void {
    if (!this.isKeyword(word)) this.expected([word]);
    this.i++;
  }

  private deeper(depth: number): number {
    if (depth + 1 > MAX_PATTERN_DEPTH) this.fail(`nesting deeper than ${MAX_PATTERN_DEPTH} levels`);
    return depth + 1;
  }

  parse(): PatternAst {
    const first = this.token;
    if (first.type !== '[' && first.type !== '(') {
      this.fail(
        first.type === 'eof'
          ? 'empty pattern: a pattern is one or more observations in square brackets'
          : `a pattern starts with '[' or '(' (observations are written in square brackets), found '${first.text}'`,
      );
    }
    const root = this.observations(0);
    if (this.token.type !== 'eof') this.expected(['AND', 'OR', 'FOLLOWEDBY', 'a qualifier', 'end of pattern']);
    return { specVersion: this.version, root };
  }

  private chain<T>(keyword: string, operand: () => T, make: (operands: T[]) => T): T {
    const first = operand();
    if (!this.isKeyword(keyword)) return first;
    const operands = [first];
    while (this.isKeyword(keyword)) {
      this.i++;
      operands.push(operand());
    }
    return make(operands);
  }

  private observations(depth: number): ObservationNode {
    return this.chain(
      'FOLLOWEDBY',
      () =>
        this.chain(
          'OR',
          () =>
            this.chain(
              'AND',
              () => this.observation(depth),
              (operands) => ({ type: 'and', operands }),
            ),
          (operands) => ({ type: 'or', operands }),
        ),
      (operands) => ({ type: 'followedby', operands }),
    );
  }

  private observation(depth: number): ObservationNode {
    const start = this.token;
    if (start.type === '[') {
      this.i++;
      const comparison = this.comparisons(this.deeper(depth));
      this.take(']', "']'");
      const qualifiers = this.qualifiers();
      const seen = new Set<string>();
      for (const q of qualifiers) {
        // As the OASIS validator: one qualifier of each type directly on a bracketed observation.
        if (seen.has(q.type)) this.fail(`duplicate ${q.type.toUpperCase()} qualifier on one observation`, start);
        seen.add(q.type);
      }
      return { type: 'observation', comparison, qualifiers, offset: start.offset };
    }
    if (start.type === '(') {
      this.i++;
      const expression = this.observations(this.deeper(depth));
      this.take(')', "')'");
      const qualifiers = this.qualifiers();
      return qualifiers.length === 0 ? expression : { type: 'group', expression, qualifiers };
    }
    return this.expected(["'['", "'('"]);
  }

  private qualifiers(): Qualifier[] {
    const out: Qualifier[] = [];
    for (;;) {
      if (this.isKeyword('WITHIN')) {
        this.i++;
        const t = this.token;
        if ((t.type !== 'int' && t.type !== 'float') || t.text.startsWith('-')) {
          this.expected(['a positive number of seconds']);
        }
        this.i++;
        const seconds = Number(t.value);
        if (!(seconds > 0)) this.fail('WITHIN needs a positive number of seconds', t);
        this.takeKeyword('SECONDS');
        out.push({ type: 'within', seconds });
      } else if (this.isKeyword('REPEATS')) {
        this.i++;
        const t = this.token;
        if (t.type !== 'int' || t.text.startsWith('-')) this.expected(['a positive integer']);
        this.i++;
        const times = Number(t.value);
        if (times < 1) this.fail('REPEATS needs a positive count', t);
        this.takeKeyword('TIMES');
        out.push({ type: 'repeats', times });
      } else if (this.isKeyword('START')) {
        this.i++;
        const start = this.qualifierTime();
        this.takeKeyword('STOP');
        const stop = this.qualifierTime();
        if (Date.parse(stop) <= Date.parse(start)) this.fail('STOP must be later than START', this.tokens[this.i - 1]);
        out.push({ type: 'start-stop', start, stop });
      } else return out;
    }
  }

  /** 2.1: `t'…'`; 2.0 wrote the START/STOP times as plain strings. */
  private qualifierTime(): string {
    const t = this.token;
    if (
      t.type === 'timestamp' ||
      (this.version === '2.0' && t.type === 'string' && !Number.isNaN(Date.parse(t.value)))
    ) {
      this.i++;
      return t.value;
    }
    return this.expected([this.version === '2.0' ? 'a timestamp string' : "a timestamp literal t'…'"]);
  }

  private comparisons(depth: number): ComparisonNode {
    return this.chain(
      'OR',
      () =>
        this.chain(
          'AND',
          () => this.test(depth),
          (operands) => ({ type: 'and', operands }),
        ),
      (operands) => ({ type: 'or', operands }),
    );
  }

  private test(depth: number): ComparisonNode {
    const start = this.token;
    if (start.type === '(') {
      this.i++;
      const inner = this.comparisons(this.deeper(depth));
      this.take(')', "')'");
      return inner;
    }
    if (this.isKeyword('EXISTS')) {
      this.i++;
      return { type: 'exists', path: this.path(), offset: start.offset };
    }
    const path = this.path();
    const negated = this.isKeyword('NOT');
    if (negated) this.i++;
    const t = this.token;
    let operator: ComparisonOperator;
    if (t.type === 'op') operator = t.value as ComparisonOperator;
    else if (t.type === 'keyword' && ['IN', ...STRING_OPERATORS].includes(t.value)) {
      operator = t.value as ComparisonOperator;
    } else {
      return this.expected(['a comparison operator (=, !=, <, >, <=, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)']);
    }
    this.i++;
    let value: Literal | SetLiteral;
    if (operator === 'IN') value = this.set();
    else if (STRING_OPERATORS.has(operator)) {
      value = { type: 'string', value: this.take('string', `a string literal after ${operator}`).value };
    } else {
      value = this.literal(operator === '=' || operator === '!=');
    }
    const test = { type: 'comparison', path, operator, negated, value, offset: start.offset } as const;
    this.checkHash(test, start);
    return test;
  }

  private set(): SetLiteral {
    this.take('(', "'(' starting a set");
    const values: Literal[] = [];
    if (this.token.type !== ')') {
      values.push(this.literal(true));
      while (this.token.type === ',') {
        this.i++;
        values.push(this.literal(true));
      }
    }
    this.take(')', "')' or ','");
    return { type: 'set', values };
  }

  private literal(allowBool: boolean): Literal {
    const t = this.token;
    switch (t.type) {
      case 'string':
      case 'hex':
      case 'binary':
      case 'timestamp':
        this.i++;
        return { type: t.type, value: t.value };
      case 'int':
      case 'float':
        this.i++;
        return { type: t.type, value: Number(t.value) };
      case 'bool':
        if (!allowBool) break;
        this.i++;
        return { type: 'bool', value: t.value === 'true' };
      default:
        break;
    }
    return this.expected([allowBool ? 'a literal value' : 'an orderable literal (number, string, timestamp)']);
  }

  private path(): ObjectPath {
    const type = this.take('identifier', 'an object type (e.g. ipv4-addr)');
    this.take(':', "':' after the object type");
    const steps: PathStep[] = [this.key(true)];
    for (;;) {
      if (this.token.type === '.') {
        this.i++;
        steps.push(this.key(false));
      } else if (this.token.type === '[') {
        this.i++;
        const t = this.token;
        if (t.type === '*') steps.push({ type: 'index', index: '*' });
        else if (t.type === 'int' && !t.text.startsWith('+')) steps.push({ type: 'index', index: Number(t.value) });
        else this.expected(["a list index or '*'"]);
        this.i++;
        this.take(']', "']'");
      } else return { objectType: type.value, steps };
    }
  }

  /**
   * A property name: an identifier or a quoted string. The grammar allows no hyphen in an unquoted name, but the
   * spec's own example writes `extensions.windows-pebinary-ext`, so after the first step one is accepted; and a
   * keyword is read as a name here (2.0 keywords are case-insensitive, so `network-traffic:start` would not lex).
   */
  private key(first: boolean): PathStep {
    const t = this.token;
    const name =
      t.type === 'string' ||
      t.type === 'keyword' ||
      t.type === 'bool' ||
      (t.type === 'identifier' && !(t.hyphen && first));
    if (!name) return this.expected([first ? 'a property name' : 'a property name after .']);
    this.i++;
    return { type: 'key', name: t.type === 'string' ? t.value : t.text };
  }

  /** The OASIS validator's object check: a known hash algorithm compared with a string must look like one. */
  private checkHash(test: { path: ObjectPath; operator: ComparisonOperator; value: Literal | SetLiteral }, at: Token) {
    if (test.operator !== '=' && test.operator !== '!=' && test.operator !== 'IN') return;
    const steps = test.path.steps;
    const h = steps.findIndex((s) => s.type === 'key' && s.name === 'hashes');
    const algorithm = steps[h + 1];
    if (h === -1 || algorithm?.type !== 'key') return;
    const shape = HASH_SHAPES[hashAlgorithmKey(algorithm.name)];
    if (!shape) return;
    const values = test.value.type === 'set' ? test.value.values : [test.value];
    for (const v of values) {
      if (v.type === 'string' && !shape[0].test(v.value)) this.fail(`'${v.value}' is not a valid ${shape[1]} hash`, at);
    }
  }
}

/**
 * Parses STIX patterning text (STIX 2.1 grammar, or 2.0 with `specVersion: '2.0'`) into an AST. Throws
 * StixPatternError — and nothing else, whatever `text` is — for invalid input: not a string, empty, longer
 * than MAX_PATTERN_LENGTH, nested deeper than MAX_PATTERN_DEPTH, a lexical or grammar error (with line and
 * column), a duplicate qualifier on one observation, or a malformed hash value (as the OASIS validator).
 */
export function parseStixPattern(text: unknown, options: { specVersion?: StixSpecVersion } = {}): PatternAst {
  const version = options.specVersion ?? '2.1';
  if (typeof text !== 'string') {
    throw new StixPatternError('a STIX pattern must be a string', { offset: 0, line: 1, column: 1 });
  }
  if (text.length > MAX_PATTERN_LENGTH) {
    throw new StixPatternError(`pattern is ${text.length} characters long; the limit is ${MAX_PATTERN_LENGTH}`, {
      ...positionOf(text, MAX_PATTERN_LENGTH),
    });
  }
  return new Parser(text, tokenize(text, version), version).parse();
}
