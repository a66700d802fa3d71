import { type Conversion } from './definition.schema.ts';

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Converts a mapped value; `undefined` means "cannot convert", and the field is then left out. */
export type Converter = (value: unknown) => unknown;

function toNumber(value: unknown, pattern: RegExp): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && pattern.test(value.trim())) return Number(value);
  return undefined;
}

export const CONVERTERS: Record<Conversion, Converter> = {
  int: (value) => {
    const n = toNumber(value, INTEGER) ?? toNumber(value, FLOAT);
    return n === undefined ? undefined : Math.trunc(n);
  },
  float: (value) => toNumber(value, FLOAT),
  string: (value) =>
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value),
  lowercase: (value) => (typeof value === 'string' ? value.toLowerCase() : value),
  uppercase: (value) => (typeof value === 'string' ? value.toUpperCase() : value),
  array: (value) => (Array.isArray(value) ? value : [value]),
};
