import { base64, base64Offsets, byteStringToBytes, utf16be, utf16le, utf8Bytes, UTF16_LE_BOM } from './encodings.ts';
import {
  expandPlaceholders,
  mapText,
  type Part,
  parseSigmaString,
  pushPart,
  requirePlain,
  withContains,
  withEndsWith,
  withStartsWith,
} from './sigma-string.ts';
import { RuleError } from './types.ts';
import { windashVariants } from './windash.ts';

/** Modifiers that transform a string value, applied left to right (SIGMA.md 2.2.17). */
export const STRING_TRANSFORMS: ReadonlySet<string> = new Set([
  'contains',
  'startswith',
  'endswith',
  'windash',
  'base64',
  'base64offset',
  'utf16le',
  'utf16be',
  'utf16',
  'cased',
  'expand',
]);

/** Bounds the OR a single value can expand into (windash × placeholders × offsets). */
const MAX_VARIANTS = 10_000;

/** The variants (ORed) a string value becomes after its modifier chain, and whether it matches case-sensitively. */
export interface StringValue {
  readonly variants: readonly Part[][];
  readonly cased: boolean;
}

/**
 * Runs a string value through its transforms. Encoders need a value without wildcards (pySigma raises too);
 * UTF-16 output is a byte string so a following base64 encodes those bytes rather than their UTF-8 form.
 */
export function transformString(
  value: string,
  modifiers: readonly string[],
  placeholders: Readonly<Record<string, string[]>>,
): StringValue {
  let variants: Part[][] = [parseSigmaString(value, modifiers.includes('expand'))];
  let bytes = false;
  let cased = false;
  const bytesOf = (text: string): number[] => (bytes ? byteStringToBytes(text) : utf8Bytes(text));
  for (const modifier of modifiers) {
    switch (modifier) {
      case 'contains':
        variants = variants.map(withContains);
        break;
      case 'startswith':
        variants = variants.map(withStartsWith);
        break;
      case 'endswith':
        variants = variants.map(withEndsWith);
        break;
      case 'windash':
        variants = variants.flatMap(windashVariants);
        break;
      case 'expand':
        variants = variants.flatMap((v) => expandPlaceholders(v, placeholders));
        break;
      case 'cased':
        cased = true;
        break;
      case 'base64':
        variants = variants.map((v) => textPart(base64(bytesOf(requirePlain(v, modifier)))));
        bytes = false;
        break;
      case 'base64offset':
        variants = variants.flatMap((v) => base64Offsets(bytesOf(requirePlain(v, modifier))).map(textPart));
        bytes = false;
        break;
      case 'utf16le':
      case 'utf16be':
      case 'utf16': {
        if (bytes) throw new RuleError(`|${modifier} applied to an already encoded value`);
        const encode = modifier === 'utf16be' ? utf16be : utf16le;
        variants = variants.map((v) => {
          const encoded = mapText(v, encode);
          if (modifier !== 'utf16') return encoded;
          const withBom: Part[] = [{ kind: 'text', text: UTF16_LE_BOM }];
          for (const p of encoded) pushPart(withBom, p);
          return withBom;
        });
        bytes = true;
        break;
      }
      default:
        throw new RuleError(`modifier |${modifier} does not apply to a string value`);
    }
    if (variants.length > MAX_VARIANTS)
      throw new RuleError(`value '${value}' expands to over ${MAX_VARIANTS} variants`);
  }
  return { variants, cased };
}

function textPart(text: string): Part[] {
  return text === '' ? [] : [{ kind: 'text', text }];
}
