import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { MAX_PATTERN_DEPTH, MAX_PATTERN_LENGTH, pathText, StixPatternError } from './pattern-ast.ts';
import { parseStixPattern } from './pattern-parser.ts';

/** STIX 2.1 patterning spec examples, as the OASIS validator's test list (stix2patterns/test/spec_examples.txt). */
const SPEC_EXAMPLES = [
  "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
  "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']",
  "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' AND file:mime_type = 'application/x-pdf']",
  "[file:hashes.'SHA-256' = 'bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c' OR file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f'] AND [file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
  "([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY [win-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) WITHIN 300 SECONDS",
  "[user-account:account_type = 'unix' AND user-account:user_id = '1007' AND user-account:account_login = 'Peter'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1008' AND user-account:account_login = 'Paul']",
  "[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES '\\\\xd4\\\\xc3\\\\xb2\\\\xa1\\\\x02\\\\x00\\\\x04\\\\x00']",
  "[file:name = 'foo.dll' AND file:parent_directory_ref.path = 'C:\\\\Windows\\\\System32']",
  '[file:extensions.windows-pebinary-ext.sections[*].entropy > 7.0]',
  "[file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8']",
  "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.33/32']",
  "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'example.com'] REPEATS 5 TIMES WITHIN 1800 SECONDS",
  "[domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value = '198.51.100.1/32']",
  "[url:value = 'http://example.com/foo' OR url:value = 'http://example.com/bar']",
  "[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number = '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']",
  "[(file:name = 'pdf.exe' OR file:size = '371712') AND file:created = t'2014-01-13T07:03:17Z']",
  "[x-usb-device:usbdrive.serial_number = '575833314133343231313937']",
  "[process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachine Root$'] FOLLOWEDBY [process:command_line MATCHES'^.+>-add GlobalSign.cer -c -s -r localMachineTrustedPublisher$'] WITHIN 300 SECONDS",
  "[network-traffic:dst_ref.value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']",
  "([file:name = 'foo.dll'] AND [win-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) OR [process:name = 'fooproc' OR process:name = 'procfoo']",
];

/** The OASIS validator's STIX 2.1 pass cases (stix2patterns/test/v21/test_validator.py). */
const VALIDATOR_PASS = [
  '[file:size = 1280]',
  '[file:size != 1280]',
  '[file:size <= 1024]',
  '[file:size >= 1024]',
  "[file:extended_properties.'ntfs-ext'.sid = '234']",
  "[emailaddr:value MATCHES '.+\\\\@ibm\\\\.com$' OR file:name MATCHES '^Final Report.+\\\\.exe$']",
  "[ipv4addr:value NOT ISSUBSET '192.168.0.1/24']",
  "[user-account:value = 'Peter'] AND [user-account:value != 'Paul'] AND [user-account:value = 'Mary'] WITHIN 5 SECONDS",
  "[file:file_system_properties.file_name LIKE 'name%']",
  "[file:file_name IN ('test.txt', 'test2.exe', 'README')]",
  '[file:size IN (1024, 2048, 4096)]',
  "[network-connection:extended_properties[0].source_payload MATCHES 'dGVzdHRlc3R0ZXN0']",
  "[x_whatever:detected == t'2018-03-22T12:11:14.1Z']",
  "[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']",
  '[foo:bar=1] REPEATS 9 TIMES',
  "[network-traffic:start = '2018-04-20T12:36:24.558Z']",
  '( [(network-traffic:dst_port IN(443,6443,8443) AND network-traffic:src_packets != 0) ])',
  "([win-registry-key:key = 'hkey_local_machine\\\\foo\\\\bar']) WITHIN 5 SECONDS WITHIN 6 SECONDS",
  "[network-traffic:src_port = 37020 AND user-account:user_id = 'root'] START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00.123Z' OR [ipv4-addr:value = '192.168.122.83'] START t'2016-06-01T03:55:00.123Z' STOP t'2016-06-01T04:30:24.743Z'",
  "[ipv4-addr:value = '1.2.3.4'] /* a comment */ // and a line comment",
];

/** The validator's fail cases, with the position (1-based column) where we report the error. */
const VALIDATOR_FAIL: [string, number, RegExp][] = [
  ['file:size = 1280', 1, /starts with '\['/],
  ['[file:size = ]', 14, /expected a literal value, found '\]'/],
  ['[file:hashes.MD5 = cead3f77f6cda6ec00f57d76c9a6879f]', 20, /expected a literal value/],
  ['[file.size = 1280]', 6, /expected ':' after the object type/],
  ['[file:name MATCHES /.*\\.dll/]', 20, /unexpected character '\/'/],
  ["[win-registry-key:key = 'x'] WITHIN ]", 37, /a positive number of seconds/],
  ["[win-registry-key:key = 'x'] WITHIN 5 HOURS]", 39, /expected SECONDS, found 'HOURS'/],
  ["[win-registry-key:key = 'x'] WITHIN -5 SECONDS]", 37, /positive number of seconds/],
  ['[network-traffic:dst_ref.value ISSUBSET ]', 41, /a string literal after ISSUBSET/],
  ["[file:hashes.MD5 =? 'cead3f77f6cda6ec00f57d76c9a6879f']", 19, /unexpected character '\?'/],
  ["[x_whatever:detected == t'2457-73-22T32:81:84.1Z']", 25, /invalid timestamp literal/],
  ["[artifact:payload_bin = b'====']", 25, /invalid binary literal/],
  ['[foo:bar=1] within 2 seconds', 13, /found 'within'/],
  ["[file:hashes.'SHA-256' = 'f00']", 2, /'f00' is not a valid SHA-256 hash/],
  ["[win-registry-key:key = 'x'] WITHIN 5 SECONDS WITHIN 6 SECONDS", 1, /duplicate WITHIN qualifier/],
  ["([win-registry-key:key = 'x'] REPEATS 2 TIMES REPEATS 3 TIMES)", 2, /duplicate REPEATS qualifier/],
  [
    "[a:b = 'x'] START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00.123Z' START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00.123Z'",
    1,
    /duplicate START-STOP qualifier/,
  ],
];

function parseError(pattern: unknown, specVersion: '2.0' | '2.1' = '2.1'): StixPatternError {
  try {
    parseStixPattern(pattern, { specVersion });
  } catch (error) {
    expect(error).toBeInstanceOf(StixPatternError);
    return error as StixPatternError;
  }
  throw new Error(`expected ${String(pattern)} to be refused`);
}

describe('STIX pattern parser: valid patterns', () => {
  it.each(SPEC_EXAMPLES)('parses spec example %s', (pattern) => {
    expect(parseStixPattern(pattern).root).toBeDefined();
  });

  it.each(VALIDATOR_PASS)('parses validator pass case %s', (pattern) => {
    expect(parseStixPattern(pattern).root).toBeDefined();
  });

  it('binds AND tighter than OR inside an observation, and flattens chains', () => {
    const { root } = parseStixPattern('[a:x = 1 OR a:y = 2 AND a:z = 3 OR a:w = 4]');
    expect(root.type).toBe('observation');
    if (root.type !== 'observation') return;
    expect(root.comparison.type).toBe('or');
    if (root.comparison.type !== 'or') return;
    expect(root.comparison.operands.map((o) => o.type)).toEqual(['comparison', 'and', 'comparison']);
  });

  it('binds FOLLOWEDBY loosest, then OR, then AND between observations', () => {
    const { root } = parseStixPattern('[a:x = 1] AND [a:x = 2] OR [a:x = 3] FOLLOWEDBY [a:x = 4]');
    expect(root.type).toBe('followedby');
    if (root.type !== 'followedby') return;
    expect(root.operands[0]!.type).toBe('or');
    const or = root.operands[0]!;
    if (or.type !== 'or') return;
    expect(or.operands[0]!.type).toBe('and');
  });

  it('decodes literals and path steps', () => {
    const { root } = parseStixPattern(
      "[file:'odd name' IN ('a\\'b', 'c\\\\d') AND file:x[*].y[2] = h'ff00' AND file:t > t'2020-01-01T00:00:00Z' AND file:n = -1.5 AND file:b = true]",
    );
    if (root.type !== 'observation' || root.comparison.type !== 'and') throw new Error('shape');
    const [first, second, third, fourth, fifth] = root.comparison.operands;
    expect(first).toMatchObject({
      operator: 'IN',
      value: { type: 'set', values: [{ value: "a'b" }, { value: 'c\\d' }] },
    });
    if (first?.type !== 'comparison' || second?.type !== 'comparison') throw new Error('shape');
    expect(pathText(first.path)).toBe("file:'odd name'");
    expect(pathText(second.path)).toBe('file:x[*].y[2]');
    expect(second.value).toEqual({ type: 'hex', value: 'ff00' });
    expect(third).toMatchObject({ operator: '>', value: { type: 'timestamp', value: '2020-01-01T00:00:00Z' } });
    expect(fourth).toMatchObject({ value: { type: 'float', value: -1.5 } });
    expect(fifth).toMatchObject({ value: { type: 'bool', value: true } });
  });

  it('reads qualifiers innermost first', () => {
    const { root } = parseStixPattern('[a:x = 1] REPEATS 2 TIMES WITHIN 10 SECONDS');
    expect(root).toMatchObject({
      type: 'observation',
      qualifiers: [
        { type: 'repeats', times: 2 },
        { type: 'within', seconds: 10 },
      ],
    });
  });

  it('keeps NOT and != apart', () => {
    const { root } = parseStixPattern("[a:x NOT = 'v' AND a:y != 'w']");
    expect(root).toMatchObject({
      comparison: {
        operands: [
          { operator: '=', negated: true },
          { operator: '!=', negated: false },
        ],
      },
    });
  });

  it('parses EXISTS in 2.1 only', () => {
    expect(parseStixPattern('[EXISTS file:name]').root).toMatchObject({ comparison: { type: 'exists' } });
    expect(parseError('[EXISTS file:name]', '2.0').message).toMatch(/expected ':' after the object type/);
  });

  it('accepts STIX 2.0 lower-case keywords and string START/STOP times', () => {
    const pattern =
      "[a:x = 1 and a:y = true] within 2 seconds or [a:z = 1] start '2016-01-01T00:00:00Z' stop '2016-01-02T00:00:00Z'";
    expect(parseStixPattern(pattern, { specVersion: '2.0' }).specVersion).toBe('2.0');
    expect(parseError(pattern, '2.1')).toBeInstanceOf(StixPatternError);
  });

  it('reads a keyword spelled as a property name', () => {
    expect(
      parseStixPattern("[network-traffic:start = '2018-04-20T12:36:24.558Z']", { specVersion: '2.0' }),
    ).toBeDefined();
  });
});

describe('STIX pattern parser: invalid patterns', () => {
  it.each(VALIDATOR_FAIL)('refuses %s at column %i', (pattern, column, message) => {
    const error = parseError(pattern);
    expect(error.message).toMatch(message);
    expect(error.details.column).toBe(column);
    expect(error.details.line).toBe(1);
  });

  it('is an InputError with a stable code', () => {
    const error = parseError('[');
    expect(error).toBeInstanceOf(InputError);
    expect(error.code).toBe('invalid_input');
  });

  it('reports line and column on multi-line patterns', () => {
    const error = parseError('[a:x = 1\n  AND a:y = ]');
    expect(error.details).toMatchObject({ line: 2, column: 13, found: ']' });
  });

  it.each([
    ['', /empty pattern/],
    ['[]', /an object type/],
    ["[a:x = 'unterminated]", /unterminated string literal/],
    ["[a:x = 'bad \\n escape']", /invalid escape/],
    ['[a:x = 007]', /invalid integer/],
    ['[a:x = 99999999999999999999]', /out of range/],
    ['[a:x = 1] [a:x = 2]', /expected AND or OR or FOLLOWEDBY/],
    ['[a:x = 1] WITHIN 0 SECONDS', /positive number of seconds/],
    ['[a:x = 1] REPEATS 0 TIMES', /positive count/],
    ["[a:x = 1] START t'2020-01-02T00:00:00Z' STOP t'2020-01-01T00:00:00Z'", /STOP must be later/],
    ['[a:x LIKE 5]', /a string literal after LIKE/],
    ['[a:x < true]', /an orderable literal/],
    ['[a:x = 1] /* never closed', /unterminated comment/],
    ['[a-b:c-d = 1]', /expected a property name/],
  ])('refuses %j', (pattern, message) => {
    expect(parseError(pattern).message).toMatch(message);
  });

  it('refuses non-strings and over-long input without reading it', () => {
    expect(parseError(42).message).toMatch(/must be a string/);
    expect(parseError(null).message).toMatch(/must be a string/);
    const long = `[a:x = '${'a'.repeat(MAX_PATTERN_LENGTH)}']`;
    expect(parseError(long).message).toMatch(/limit is 65536/);
  });

  it('refuses nesting deeper than the limit, in either parentheses or brackets', () => {
    const deepObservation = `${'('.repeat(MAX_PATTERN_DEPTH + 5)}[a:x = 1]${')'.repeat(MAX_PATTERN_DEPTH + 5)}`;
    expect(parseError(deepObservation).message).toMatch(/nesting deeper than 64/);
    const deepComparison = `[${'('.repeat(10_000)}a:x = 1${')'.repeat(10_000)}]`;
    expect(parseError(deepComparison).message).toMatch(/nesting deeper than 64/);
    const ok = `${'('.repeat(MAX_PATTERN_DEPTH - 1)}[a:x = 1]${')'.repeat(MAX_PATTERN_DEPTH - 1)}`;
    expect(parseStixPattern(ok)).toBeDefined();
  });

  it('handles a long flat OR chain without recursion trouble', () => {
    const pattern = `[${Array.from({ length: 3000 }, (_, i) => `a:x = ${i}`).join(' OR ')}]`;
    const { root } = parseStixPattern(pattern);
    expect(root).toMatchObject({ comparison: { type: 'or' } });
  });

  it('throws nothing but StixPatternError on arbitrary input (property)', () => {
    const alphabet = fc.constantFrom(
      ..."[]()':.,*=!<>-+_ abcxyzANDORNOTINLIKEWITHINSECONDS0123456789thb/\\\n\t\u00a0é",
    );
    const tokens = fc.constantFrom(
      '[',
      ']',
      '(',
      ')',
      ' AND ',
      ' OR ',
      ' FOLLOWEDBY ',
      'a:x',
      ' = ',
      "'v'",
      ' IN ',
      '1',
      ' WITHIN 5 SECONDS',
      ' REPEATS 2 TIMES',
      ' NOT ',
      ' LIKE ',
      "t'2020-01-01T00:00:00Z'",
      ',',
    );
    const inputs = fc.oneof(
      fc.string({ unit: alphabet, maxLength: 80 }),
      fc.array(tokens, { maxLength: 30 }).map((t) => t.join('')),
      fc.string({ maxLength: 60 }),
    );
    fc.assert(
      fc.property(inputs, (input) => {
        try {
          parseStixPattern(input);
        } catch (error) {
          if (!(error instanceof StixPatternError)) throw error;
          expect(error.details.offset).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
