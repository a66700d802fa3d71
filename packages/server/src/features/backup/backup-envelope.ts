import { createCipheriv, createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { InputError } from '@citysoc/core';
import {
  EnvelopeHeader,
  FINAL_FRAME,
  FRAME_BYTES,
  FRAME_PREFIX_BYTES,
  HEADER_MAC_BYTES,
  MAGIC,
  MAX_HEADER_BYTES,
  TAG_BYTES,
  ENVELOPE_FORMAT,
} from './backup-format.ts';
import { type BackupSecret, deriveFileKeys, type FileKeys, newKdfParameters } from './backup-keys.ts';
import { ByteReader } from './byte-reader.ts';

/** What reading an envelope saw, for verify's summary. */
export interface EnvelopeStats {
  frames: number;
  /** Size of the file as read, in bytes. */
  bytes: number;
  kdf: EnvelopeHeader['kdf']['name'];
}

function nonceOf(index: number): Buffer {
  // 4 zero bytes + the 64-bit frame counter. Unique per key because every file has its own keys (salt + HKDF).
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  return nonce;
}

/** The frame's associated data: the whole header, its position and whether it is the last, all authenticated. */
function aadOf(headerDigest: Buffer, index: number, flags: number): Buffer {
  const aad = Buffer.alloc(headerDigest.length + 9);
  headerDigest.copy(aad, 0);
  aad.writeBigUInt64BE(BigInt(index), headerDigest.length);
  aad.writeUInt8(flags, headerDigest.length + 8);
  return aad;
}

function headerBytes(header: EnvelopeHeader, keys: FileKeys): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  const body = Buffer.concat([MAGIC, length, json]);
  const mac = createHmac('sha256', keys.headerKey).update(body).digest();
  return Buffer.concat([body, mac]);
}

function sealFrame(keys: FileKeys, headerDigest: Buffer, index: number, plain: Buffer, final: boolean): Buffer {
  const flags = final ? FINAL_FRAME : 0;
  const cipher = createCipheriv('aes-256-gcm', keys.frameKey, nonceOf(index));
  cipher.setAAD(aadOf(headerDigest, index, flags));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  const prefix = Buffer.alloc(FRAME_PREFIX_BYTES);
  prefix.writeUInt8(flags, 0);
  prefix.writeUInt32BE(ciphertext.length, 1);
  return Buffer.concat([prefix, ciphertext, cipher.getAuthTag()]);
}

/**
 * Encrypts a byte stream into the envelope: header, then frames of FRAME_BYTES plaintext bytes each. One frame is
 * held back so the last can carry the final flag (an empty stream still gets one, empty, final frame).
 */
export function sealEnvelope(secret: BackupSecret): (source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer> {
  return async function* seal(source) {
    const header: EnvelopeHeader = {
      format: ENVELOPE_FORMAT,
      cipher: 'aes-256-gcm',
      compression: 'gzip',
      frameBytes: FRAME_BYTES,
      kdf: newKdfParameters(secret),
    };
    const keys = await deriveFileKeys(secret, header.kdf);
    const head = headerBytes(header, keys);
    const headerDigest = createHash('sha256').update(head).digest();
    yield head;
    let index = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let ready: Buffer | null = null;
    for await (const chunk of source) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      while (pendingBytes >= FRAME_BYTES) {
        const all = Buffer.concat(pending);
        if (ready !== null) yield sealFrame(keys, headerDigest, index++, ready, false);
        ready = all.subarray(0, FRAME_BYTES);
        pending = [all.subarray(FRAME_BYTES)];
        pendingBytes = all.length - FRAME_BYTES;
      }
    }
    const rest = Buffer.concat(pending);
    if (ready !== null && rest.length === 0) {
      yield sealFrame(keys, headerDigest, index, ready, true);
      return;
    }
    if (ready !== null) yield sealFrame(keys, headerDigest, index++, ready, false);
    yield sealFrame(keys, headerDigest, index, rest, true);
  };
}

const fail = (message: string) => new InputError(message);

async function readHeader(reader: ByteReader, secret: BackupSecret) {
  const magic = await reader.read(MAGIC.length);
  if (magic.length < MAGIC.length || !magic.equals(MAGIC)) throw fail('Not a CitySOC backup file (bad magic bytes)');
  const lengthBytes = await reader.read(4);
  if (lengthBytes.length < 4) throw fail('Truncated: the header is incomplete');
  const length = lengthBytes.readUInt32BE(0);
  if (length > MAX_HEADER_BYTES) throw fail('Wrong passphrase or corrupted header: header length out of range');
  const json = await reader.read(length);
  const mac = await reader.read(HEADER_MAC_BYTES);
  if (json.length < length || mac.length < HEADER_MAC_BYTES) throw fail('Truncated: the header is incomplete');
  let header: EnvelopeHeader;
  try {
    header = EnvelopeHeader.parse(JSON.parse(json.toString('utf8')));
  } catch {
    throw fail('Wrong passphrase or corrupted header: the header parameters are unreadable');
  }
  const keys = await deriveFileKeys(secret, header.kdf);
  const body = Buffer.concat([magic, lengthBytes, json]);
  const expected = createHmac('sha256', keys.headerKey).update(body).digest();
  if (!timingSafeEqual(expected, mac)) throw fail('Wrong passphrase or corrupted header');
  const headerDigest = createHash('sha256')
    .update(Buffer.concat([body, mac]))
    .digest();
  return { header, keys, headerDigest };
}

/**
 * Authenticates and decrypts an envelope, yielding each frame's plaintext only after its tag has been checked:
 * nothing unauthenticated ever reaches the decompressor. Throws InputError naming what is wrong: the header
 * (wrong passphrase or tampered), a frame that fails authentication (tampered, reordered), a missing final frame
 * (truncated), or bytes after it (appended). `stats` is filled in as frames are read.
 */
export async function* openEnvelope(
  source: AsyncIterable<Buffer>,
  secret: BackupSecret,
  stats: EnvelopeStats,
): AsyncGenerator<Buffer> {
  const reader = new ByteReader(source);
  const { header, keys, headerDigest } = await readHeader(reader, secret);
  stats.kdf = header.kdf.name;
  for (let index = 0; ; index++) {
    const prefix = await reader.read(FRAME_PREFIX_BYTES);
    if (prefix.length === 0) throw fail(`Truncated: final frame missing (the file ends after frame ${index - 1})`);
    if (prefix.length < FRAME_PREFIX_BYTES) throw fail(`Truncated: frame ${index} is incomplete`);
    const flags = prefix.readUInt8(0);
    const length = prefix.readUInt32BE(1);
    if ((flags & ~FINAL_FRAME) !== 0 || length > header.frameBytes) {
      throw fail(`Authentication failed at frame ${index}: malformed frame header`);
    }
    const body = await reader.read(length + TAG_BYTES);
    if (body.length < length + TAG_BYTES) throw fail(`Truncated: frame ${index} is incomplete`);
    const decipher = createDecipheriv('aes-256-gcm', keys.frameKey, nonceOf(index));
    decipher.setAAD(aadOf(headerDigest, index, flags));
    decipher.setAuthTag(body.subarray(length));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(body.subarray(0, length)), decipher.final()]);
    } catch {
      throw fail(`Authentication failed at frame ${index}`);
    }
    stats.frames = index + 1;
    stats.bytes = reader.consumed;
    if (plain.length > 0) yield plain;
    if ((flags & FINAL_FRAME) !== 0) break;
  }
  const extra = await reader.read(1);
  if (extra.length > 0) throw fail(`Unexpected data after the final frame (frame ${stats.frames - 1})`);
}
