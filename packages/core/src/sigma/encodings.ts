/*
 * Byte-level encodings for |base64, |base64offset and the UTF-16 modifiers. A value that went through a UTF-16
 * modifier is a "byte string" (one char per byte, 0–255), so base64 can encode it without a second UTF-8 pass.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard Base64 with padding. Hand-written so core needs no Buffer (core is runtime-neutral). */
export function base64(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += b === undefined ? '=' : ALPHABET[(n >> 6) & 63]!;
    out += c === undefined ? '=' : ALPHABET[n & 63]!;
  }
  return out;
}

export function utf8Bytes(text: string): number[] {
  return [...new TextEncoder().encode(text)];
}

export function byteStringToBytes(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

export function bytesToByteString(bytes: readonly number[]): string {
  return bytes.map((b) => String.fromCharCode(b)).join('');
}

/** UTF-16 little-endian code units as a byte string (`cmd` → `63 00 6d 00 64 00`). */
export function utf16le(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    out += String.fromCharCode(u & 0xff, u >> 8);
  }
  return out;
}

export function utf16be(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    out += String.fromCharCode(u >> 8, u & 0xff);
  }
  return out;
}

export const UTF16_LE_BOM = '\xff\xfe';

const OFFSET_DROP_START = [0, 2, 3] as const;
const OFFSET_DROP_END = [0, 3, 2] as const;

/**
 * The three shifted encodings of SIGMA.md 2.2.9: prefix i bytes, encode, drop `[0,2,3][i]` leading and
 * `[0,3,2][(len+i)%3]` trailing characters, so each is a substring of any Base64 text containing the value.
 */
export function base64Offsets(bytes: readonly number[]): string[] {
  const variants: string[] = [];
  for (let i = 0; i < 3; i++) {
    const encoded = base64([...new Array<number>(i).fill(0x20), ...bytes]);
    const dropEnd = OFFSET_DROP_END[(bytes.length + i) % 3]!;
    variants.push(encoded.slice(OFFSET_DROP_START[i]!, encoded.length - dropEnd));
  }
  return variants;
}
