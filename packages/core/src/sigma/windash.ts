import { type Part, pushPart, type SigmaString } from './sigma-string.ts';
import { RuleError } from './types.ts';

/** The five characters Windows accepts as an option prefix (SIGMA.md 2.2.8). */
export const WINDASH_CHARS = ['-', '/', '\u2013', '\u2014', '\u2015'] as const;

/** 5^5 variants; a value with more qualifying dashes is refused rather than exploding memory. */
const MAX_POSITIONS = 5;

const WORD = /[\p{L}\p{N}_]/u;
const isWord = (c: string | undefined): boolean => c !== undefined && WORD.test(c);

/**
 * Every variant of `parts` with each dash or slash matching Python's `\B[-/]\b` replaced by each windash
 * character. A wildcard counts as a non-word neighbour, as the wildcard itself is no word character.
 */
export function windashVariants(parts: SigmaString): Part[][] {
  // Flatten to units so neighbours across part boundaries are visible.
  const units: (string | Part)[] = [];
  for (const p of parts) {
    if (p.kind === 'text') units.push(...p.text);
    else units.push(p);
  }
  const charAt = (i: number): string | undefined => {
    const u = units[i];
    return typeof u === 'string' ? u : undefined;
  };
  const positions: number[] = [];
  units.forEach((u, i) => {
    if ((u === '-' || u === '/') && !isWord(charAt(i - 1)) && isWord(charAt(i + 1))) positions.push(i);
  });
  if (positions.length > MAX_POSITIONS) {
    throw new RuleError(`|windash on a value with ${positions.length} dashes (more than ${MAX_POSITIONS})`);
  }
  let variants: (string | Part)[][] = [units];
  for (const pos of positions) {
    variants = variants.flatMap((v) =>
      WINDASH_CHARS.map((c) => {
        const copy = [...v];
        copy[pos] = c;
        return copy;
      }),
    );
  }
  return variants.map((v) => {
    const out: Part[] = [];
    for (const u of v) pushPart(out, typeof u === 'string' ? { kind: 'text', text: u } : u);
    return out;
  });
}
