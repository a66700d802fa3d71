import { InputError } from '../errors.ts';

/**
 * The event search language: `field:value` (with `*` and `?` wildcards), quoted phrases, ranges
 * (`field:[lo TO hi]`, `field:>=n`), bare words and phrases as free text over the raw message,
 * `AND`/`OR`/`NOT` (also `&&`, `||`, `-term`), parentheses; adjacent terms are ANDed.
 * Parsed here (pure) into an AST; the event store compiles the AST to SQL for its engine.
 */
export type EventQuery =
  | { readonly type: 'all' }
  | { readonly type: 'and' | 'or'; readonly items: readonly EventQuery[] }
  | { readonly type: 'not'; readonly item: EventQuery }
  | { readonly type: 'match'; readonly field: string; readonly value: string; readonly wildcard: boolean }
  | { readonly type: 'exists'; readonly field: string }
  | { readonly type: 'range'; readonly field: string; readonly bounds: RangeBounds }
  | { readonly type: 'text'; readonly value: string };

export interface RangeBounds {
  readonly gt?: string;
  readonly gte?: string;
  readonly lt?: string;
  readonly lte?: string;
}

type Token =
  | { kind: 'word'; text: string; quoted: boolean }
  | { kind: 'and' | 'or' | 'not' | 'lparen' | 'rparen' | 'colon' | 'lbracket' | 'rbracket' | 'to' }
  | { kind: 'compare'; op: '>' | '>=' | '<' | '<=' };

const MAX_QUERY_LENGTH = 4096;
const MAX_DEPTH = 32;
const FIELD = /^[A-Za-z_@][A-Za-z0-9_.@-]*$/;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const single: Record<string, Token['kind']> = {
    '(': 'lparen',
    ')': 'rparen',
    ':': 'colon',
    '[': 'lbracket',
    ']': 'rbracket',
  };
  while (i < input.length) {
    const char = input[i] as string;
    if (/\s/.test(char)) {
      i += 1;
    } else if (char === '"') {
      let text = '';
      i += 1;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === '\\' && i + 1 < input.length) i += 1;
        text += input[i];
        i += 1;
      }
      if (i >= input.length) throw new InputError('Unterminated quoted phrase in query');
      i += 1;
      tokens.push({ kind: 'word', text, quoted: true });
    } else if (char in single) {
      tokens.push({ kind: single[char] } as Token);
      i += 1;
    } else if (input.startsWith('&&', i) || input.startsWith('||', i)) {
      tokens.push({ kind: char === '&' ? 'and' : 'or' });
      i += 2;
    } else if (char === '>' || char === '<') {
      const op = input[i + 1] === '=' ? (`${char}=` as '>=' | '<=') : char;
      tokens.push({ kind: 'compare', op });
      i += op.length;
    } else if (
      char === '-' &&
      (tokens.length === 0 || tokens.at(-1)?.kind !== 'colon') &&
      /\S/.test(input[i + 1] ?? '')
    ) {
      tokens.push({ kind: 'not' });
      i += 1;
    } else {
      // In value position a word may contain ':' (times, IPv6 addresses, URLs); elsewhere ':' ends a field name.
      const previous = tokens.at(-1)?.kind;
      const valuePosition =
        previous === 'colon' || previous === 'compare' || previous === 'lbracket' || previous === 'to';
      const stop = valuePosition ? /[\s()[\]"]/ : /[\s()[\]":]/;
      let text = '';
      while (i < input.length && !stop.test(input[i] as string)) {
        if (input[i] === '\\' && i + 1 < input.length) i += 1;
        text += input[i];
        i += 1;
      }
      const keyword = { AND: 'and', OR: 'or', NOT: 'not', TO: 'to' }[text] as Token['kind'] | undefined;
      tokens.push(keyword ? ({ kind: keyword } as Token) : { kind: 'word', text, quoted: false });
    }
  }
  return tokens;
}

class Parser {
  private position = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): EventQuery {
    if (this.tokens.length === 0) return { type: 'all' };
    const query = this.or();
    if (this.position < this.tokens.length) {
      throw new InputError(`Unexpected '${this.describe(this.tokens[this.position])}' in query`);
    }
    return query;
  }

  private describe(token: Token | undefined): string {
    if (!token) return 'end of query';
    return token.kind === 'word' ? token.text : token.kind === 'compare' ? token.op : token.kind;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private next(): Token | undefined {
    const token = this.tokens[this.position];
    this.position += 1;
    return token;
  }

  private or(): EventQuery {
    const items = [this.and()];
    while (this.peek()?.kind === 'or') {
      this.next();
      items.push(this.and());
    }
    return items.length === 1 ? (items[0] as EventQuery) : { type: 'or', items };
  }

  private and(): EventQuery {
    const items = [this.unary()];
    for (;;) {
      const token = this.peek();
      if (!token || token.kind === 'or' || token.kind === 'rparen') break;
      if (token.kind === 'and') this.next();
      items.push(this.unary());
    }
    return items.length === 1 ? (items[0] as EventQuery) : { type: 'and', items };
  }

  private unary(): EventQuery {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw new InputError(`Query nests deeper than ${MAX_DEPTH} levels`);
    try {
      const token = this.next();
      if (!token) throw new InputError('Query ends where a term was expected');
      if (token.kind === 'not') return { type: 'not', item: this.unary() };
      if (token.kind === 'lparen') {
        const inner = this.or();
        if (this.next()?.kind !== 'rparen') throw new InputError("Missing ')' in query");
        return inner;
      }
      if (token.kind !== 'word') throw new InputError(`Unexpected '${this.describe(token)}' in query`);
      if (this.peek()?.kind !== 'colon' || token.quoted) {
        return { type: 'text', value: token.text };
      }
      this.next();
      return this.fieldTerm(token.text);
    } finally {
      this.depth -= 1;
    }
  }

  private fieldTerm(field: string): EventQuery {
    if (!FIELD.test(field)) throw new InputError(`'${field}' is not a field name`);
    const token = this.next();
    if (token?.kind === 'compare') {
      const value = this.word();
      const key = { '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' }[token.op];
      return { type: 'range', field, bounds: { [key]: value } };
    }
    if (token?.kind === 'lbracket') {
      const low = this.word();
      if (this.next()?.kind !== 'to') throw new InputError(`Range on '${field}' needs the form [low TO high]`);
      const high = this.word();
      if (this.next()?.kind !== 'rbracket') throw new InputError(`Missing ']' in range on '${field}'`);
      return {
        type: 'range',
        field,
        bounds: { ...(low !== '*' && { gte: low }), ...(high !== '*' && { lte: high }) },
      };
    }
    if (token?.kind !== 'word') throw new InputError(`'${field}:' needs a value`);
    if (!token.quoted && token.text === '*') return { type: 'exists', field };
    const wildcard = !token.quoted && /[*?]/.test(token.text);
    return { type: 'match', field, value: token.text, wildcard };
  }

  private word(): string {
    const token = this.next();
    if (token?.kind !== 'word') throw new InputError(`Expected a value but found '${this.describe(token)}'`);
    return token.text;
  }
}

/** Parses a search query; throws InputError with the reason for anything it cannot read. */
export function parseEventQuery(input: string): EventQuery {
  if (input.length > MAX_QUERY_LENGTH) throw new InputError(`Query is longer than ${MAX_QUERY_LENGTH} characters`);
  return new Parser(tokenize(input)).parse();
}
