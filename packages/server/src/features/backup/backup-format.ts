import { z } from 'zod';

/**
 * The backup file format, version 1 (README.md in this folder describes it byte by byte). Two layers:
 * - the envelope: a plaintext header (magic, KDF parameters, salt) authenticated by an HMAC, then AES-256-GCM
 *   frames over the gzip-compressed snapshot;
 * - the snapshot: NDJSON lines, a header record, then each table's rows as JSON arrays.
 */
export const MAGIC = Buffer.from('CITYSOC-BACKUP\n\0', 'latin1');
export const ENVELOPE_FORMAT = 1;
export const SNAPSHOT_FORMAT = 1;
/** Compressed bytes per frame: large enough that the 21 bytes of framing do not matter, small enough to buffer. */
export const FRAME_BYTES = 64 * 1024;
export const MAX_HEADER_BYTES = 4096;
export const HEADER_MAC_BYTES = 32;
export const TAG_BYTES = 16;
/** flags (1) + ciphertext length (4) before each frame's ciphertext. */
export const FRAME_PREFIX_BYTES = 5;
export const FINAL_FRAME = 0x01;

const Salt = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'salt must be 32 bytes of base64');

/**
 * scrypt bounds checked before deriving: a hostile header must not make `verify` allocate gigabytes or spin
 * for hours. The upper bounds are 8× the defaults.
 */
export const KdfParameters = z.discriminatedUnion('name', [
  z.strictObject({
    name: z.literal('scrypt'),
    N: z
      .number()
      .int()
      .min(2 ** 14)
      .max(2 ** 20)
      .refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
    r: z.number().int().min(1).max(16),
    p: z.number().int().min(1).max(4),
    salt: Salt,
  }),
  z.strictObject({ name: z.literal('key-file'), salt: Salt }),
]);
export type KdfParameters = z.infer<typeof KdfParameters>;

/** The plaintext header: only what is needed to derive the keys and read the frames. Nothing about the data. */
export const EnvelopeHeader = z.strictObject({
  format: z.literal(ENVELOPE_FORMAT),
  cipher: z.literal('aes-256-gcm'),
  compression: z.literal('gzip'),
  frameBytes: z.literal(FRAME_BYTES),
  kdf: KdfParameters,
});
export type EnvelopeHeader = z.infer<typeof EnvelopeHeader>;

export const TableHeader = z.strictObject({
  name: z.string().min(1),
  columns: z.array(z.string().min(1)).min(1),
  /** The columns rows are ordered by (the primary key); empty for a table without one. */
  orderedBy: z.array(z.string()),
  rows: z.number().int().nonnegative(),
});
export type TableHeader = z.infer<typeof TableHeader>;

/** The first line of the encrypted snapshot: what it holds, so verify and restore can check every table. */
export const SnapshotHeader = z.strictObject({
  kind: z.literal('citysoc-snapshot'),
  format: z.literal(SNAPSHOT_FORMAT),
  citysocVersion: z.string(),
  dialect: z.enum(['sqlite', 'postgres']),
  /** Names of the applied migrations, in order; the last is the schema level. */
  migrations: z.array(z.string()).min(1),
  createdAt: z.string(),
  tables: z.array(TableHeader),
});
export type SnapshotHeader = z.infer<typeof SnapshotHeader>;

/** `{"table": name}` opens a table's rows; `{"tableEnd": name, "rows": n}` closes it; `{"end": true}` ends all. */
export const ControlRecord = z.union([
  z.strictObject({ table: z.string() }),
  z.strictObject({ tableEnd: z.string(), rows: z.number().int().nonnegative() }),
  z.strictObject({ end: z.literal(true) }),
]);
export type ControlRecord = z.infer<typeof ControlRecord>;

/** A column value as the drivers return it. */
export type CellValue = string | number | boolean | null | Buffer | bigint;
/** A column value as JSON: most values are themselves; the few JSON cannot hold are tagged objects. */
export type EncodedCell =
  | string
  | number
  | boolean
  | null
  | { $bytes: string }
  | { $number: 'NaN' | 'Infinity' | '-Infinity' }
  | { $bigint: string };

const TaggedCell = z.union([
  z.strictObject({ $bytes: z.string() }),
  z.strictObject({ $number: z.enum(['NaN', 'Infinity', '-Infinity']) }),
  z.strictObject({ $bigint: z.string().regex(/^-?\d+$/) }),
]);

/** Encodes one cell; throws on a type the format cannot hold, so no value is lost silently. */
export function encodeCell(value: unknown, where: string): EncodedCell {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    return { $number: Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity' };
  }
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (value instanceof Date) return value.toISOString();
  throw new Error(`Cannot back up the value in ${where}: unsupported type ${typeof value}`);
}

export function decodeCell(value: unknown): CellValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  const tagged = TaggedCell.parse(value);
  if ('$bytes' in tagged) return Buffer.from(tagged.$bytes, 'base64');
  if ('$bigint' in tagged) return BigInt(tagged.$bigint);
  return Number(tagged.$number);
}
