import { positionOf, StixPatternError, type StixSpecVersion } from './pattern-ast.ts';

export type TokenType =
  | '['
  | ']'
  | '('
  | ')'
  | ':'
  | '.'
  | ','
  | '*'
  | 'op'
  | 'string'
  | 'int'
  | 'float'
  | 'bool'
  | 'hex'
  | 'binary'
  | 'timestamp'
  | 'identifier'
  | 'keyword'
  | 'eof';

/**
 * One token. `text` is the source text; `value` the decoded string (string literals unescaped, keywords
 * upper-cased, operators normalised: `==` → `=`, `<>` → `!=`). `hyphen`: an identifier with `-` (only valid
 * as an object type, STIX `IdentifierWithHyphen`).
 */
export interface Token {
  readonly type: TokenType;
  readonly text: string;
  readonly value: string;
  readonly offset: number;
  readonly hyphen?: boolean;
}

const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'FOLLOWEDBY',
  'LIKE',
  'MATCHES',
  'ISSUPERSET',
  'ISSUBSET',
  'EXISTS',
  'LAST',
  'IN',
  'START',
  'STOP',
  'SECONDS',
  'WITHIN',
  'REPEATS',
  'TIMES',
]);

/** The grammar's WS rule beyond ASCII (tab … carriage return and space are tested by code first). */
const SPACE = /[\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const TIMESTAMP =
  /^\d{4}-(?:0[1-9]|1[012])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?Z$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$/;
const HEX = /^(?:[0-9A-Fa-f]{2})*$/;

function fail(text: string, offset: number, message: string, found?: string): never {
  const position = positionOf(text, offset);
  throw new StixPatternError(`line ${position.line}, column ${position.column}: ${message}`, {
    ...position,
    ...(found === undefined ? {} : { found }),
  });
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c);

/** Reads `'…'` from `start` (at the quote); returns the decoded value and the offset after the closing quote. */
function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  let chunk = i;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 39) return { value: value + text.slice(chunk, i), end: i + 1 };
    if (c === 92) {
      const next = text[i + 1];
      if (next !== "'" && next !== '\\') {
        fail(text, i, `invalid escape '\\${next ?? ''}' in string literal: only \\' and \\\\ are allowed`);
      }
      value += text.slice(chunk, i) + next;
      i += 2;
      chunk = i;
    } else i++;
  }
  return fail(text, start, 'unterminated string literal');
}

/** Number at `start`: `[+-]? digits` or `[+-]? digits? . digits`; leading zeros are refused as in the grammar. */
function readNumber(text: string, start: number): Token {
  let i = start;
  if (text[i] === '+' || text[i] === '-') i++;
  const intStart = i;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  const intDigits = text.slice(intStart, i);
  let float = false;
  if (text[i] === '.' && isDigit(text.charCodeAt(i + 1))) {
    float = true;
    i++;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  }
  const raw = text.slice(start, i);
  if (!float && intDigits.length > 1 && intDigits[0] === '0') fail(text, start, `invalid integer '${raw}'`, raw);
  if (!float && !Number.isSafeInteger(Number(raw))) fail(text, start, `integer '${raw}' is out of range`, raw);
  return { type: float ? 'float' : 'int', text: raw, value: raw, offset: start };
}

/** `h'…'`, `b'…'`, `t'…'`: the prefix letter immediately followed by a quote. */
function readPrefixed(text: string, start: number): Token {
  const prefix = text[start]!;
  const { value, end } = readQuoted(text, start + 1);
  const raw = text.slice(start, end);
  if (prefix === 'h') {
    if (!HEX.test(value)) fail(text, start, `invalid hex literal ${raw}: an even number of hex digits is required`);
    return { type: 'hex', text: raw, value, offset: start };
  }
  if (prefix === 'b') {
    if (!BASE64.test(value)) fail(text, start, `invalid binary literal ${raw}: not padded base64`);
    return { type: 'binary', text: raw, value, offset: start };
  }
  if (!TIMESTAMP.test(value) || Number.isNaN(Date.parse(value.replace(/:60(\.\d+)?Z$/, ':59$1Z')))) {
    fail(text, start, `invalid timestamp literal ${raw}: expected t'YYYY-MM-DDTHH:MM:SS[.s+]Z'`);
  }
  return { type: 'timestamp', text: raw, value, offset: start };
}

/**
 * Splits a pattern into tokens, skipping whitespace and comments. Throws StixPatternError on a character no
 * token can start with. Keywords are upper-case only in 2.1, any case in 2.0 (whose grammar spells them with
 * case-insensitive fragments); `true` / `false` likewise.
 */
export function tokenize(text: string, version: StixSpecVersion): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13) || (c > 127 && SPACE.test(text[i]!))) {
      i++;
      continue;
    }
    const ch = text[i]!;
    const d = text.charCodeAt(i + 1);
    if (c === 47 && d === 42) {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) fail(text, i, 'unterminated comment');
      i = end + 2;
      continue;
    }
    if (c === 47 && d === 47) {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (c === 91 || c === 93 || c === 40 || c === 41 || c === 58 || c === 44 || c === 42) {
      tokens.push({ type: ch as TokenType, text: ch, value: ch, offset: i });
      i++;
      continue;
    }
    if (c === 46) {
      if (isDigit(d)) {
        const token = readNumber(text, i);
        tokens.push(token);
        i += token.text.length;
      } else {
        tokens.push({ type: '.', text: '.', value: '.', offset: i });
        i++;
      }
      continue;
    }
    // = == != <> <= >= < >
    if (c === 61 || c === 33 || c === 60 || c === 62) {
      const two =
        d === 61 ? (c === 61 ? '==' : c === 33 ? '!=' : c === 60 ? '<=' : '>=') : c === 60 && d === 62 ? '<>' : null;
      if (two !== null) {
        tokens.push({ type: 'op', text: two, value: two === '==' ? '=' : two === '<>' ? '!=' : two, offset: i });
        i += 2;
        continue;
      }
      if (c !== 33) {
        tokens.push({ type: 'op', text: ch, value: ch, offset: i });
        i++;
        continue;
      }
    }
    if (ch === "'") {
      const { value, end } = readQuoted(text, i);
      tokens.push({ type: 'string', text: text.slice(i, end), value, offset: i });
      i = end;
      continue;
    }
    if (isDigit(c) || ((ch === '+' || ch === '-') && (isDigit(text.charCodeAt(i + 1)) || text[i + 1] === '.'))) {
      const token = readNumber(text, i);
      if (token.text === '+' || token.text === '-') fail(text, i, `unexpected '${ch}'`, ch);
      tokens.push(token);
      i += token.text.length;
      continue;
    }
    if ((ch === 'h' || ch === 'b' || ch === 't') && text[i + 1] === "'") {
      const token = readPrefixed(text, i);
      tokens.push(token);
      i += token.text.length;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      let hyphen = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (isIdentPart(d)) j++;
        else if (d === 45) {
          hyphen = true;
          j++;
        } else break;
      }
      const word = text.slice(i, j);
      // 2.1 keywords are upper case as written; 2.0 ones any case.
      const key = hyphen ? '' : version === '2.0' ? word.toUpperCase() : word;
      const keyword = KEYWORDS.has(key) && !(version === '2.0' && key === 'EXISTS');
      const bool = version === '2.0' ? key === 'TRUE' || key === 'FALSE' : key === 'true' || key === 'false';
      if (keyword) tokens.push({ type: 'keyword', text: word, value: key, offset: i });
      else if (bool) tokens.push({ type: 'bool', text: word, value: key.toLowerCase(), offset: i });
      else tokens.push({ type: 'identifier', text: word, value: word, offset: i, hyphen });
      i = j;
      continue;
    }
    fail(text, i, `unexpected character '${ch}'`, ch);
  }
  tokens.push({ type: 'eof', text: '<EOF>', value: '', offset: n });
  return tokens;
}
