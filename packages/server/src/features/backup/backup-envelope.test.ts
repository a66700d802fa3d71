import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type EnvelopeStats, openEnvelope, sealEnvelope } from './backup-envelope.ts';
import { FRAME_BYTES } from './backup-format.ts';
import { type BackupSecret, parseKeyFile } from './backup-keys.ts';

const KEY: BackupSecret = { kind: 'key-file', key: randomBytes(32) };

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of source) parts.push(part);
  return Buffer.concat(parts);
}

async function* chunked(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

async function roundTrip(plain: Buffer, chunk = 7000) {
  const sealed = await collect(sealEnvelope(KEY)(chunked(plain, chunk)));
  const stats: EnvelopeStats = { frames: 0, bytes: 0, kdf: 'scrypt' };
  const opened = await collect(openEnvelope(chunked(sealed, 4096), KEY, stats));
  return { sealed, opened, stats };
}

describe('backup envelope', () => {
  it.each([
    ['empty', 0, 1],
    ['one byte', 1, 1],
    ['exactly one frame', FRAME_BYTES, 1],
    ['one frame and a byte', FRAME_BYTES + 1, 2],
    ['three full frames', 3 * FRAME_BYTES, 3],
  ])('round-trips %s into the expected number of frames', async (_name, size, frames) => {
    const plain = randomBytes(size);
    const { opened, stats, sealed } = await roundTrip(plain);
    expect(opened.equals(plain)).toBe(true);
    expect(stats.frames).toBe(frames);
    expect(stats.bytes).toBe(sealed.length);
  });

  it('encrypts the same data differently every time (fresh salt, fresh keys)', async () => {
    const plain = Buffer.from('the same city, twice');
    const a = await roundTrip(plain);
    const b = await roundTrip(plain);
    expect(a.sealed.equals(b.sealed)).toBe(false);
  });

  it('refuses a final flag set on an earlier frame', async () => {
    const { sealed } = await roundTrip(randomBytes(2 * FRAME_BYTES));
    const headerEnd = 16 + 4 + sealed.readUInt32BE(16) + 32;
    const tampered = Buffer.from(sealed);
    tampered[headerEnd] = 0x01;
    const stats: EnvelopeStats = { frames: 0, bytes: 0, kdf: 'scrypt' };
    await expect(collect(openEnvelope(chunked(tampered, 1000), KEY, stats))).rejects.toThrow(
      'Authentication failed at frame 0',
    );
  });
});

describe('key files', () => {
  const key = randomBytes(32);
  it.each([
    ['raw bytes', key],
    ['hex', Buffer.from(`${key.toString('hex')}\n`)],
    ['base64', Buffer.from(`${key.toString('base64')}\n`)],
  ])('reads a key as %s', (_name, content) => {
    expect(parseKeyFile(content, 'k').equals(key)).toBe(true);
  });

  it('refuses anything that is not 32 bytes', () => {
    expect(() => parseKeyFile(Buffer.from('too short'), 'k')).toThrow(/must hold a 32-byte key/);
    expect(() => parseKeyFile(randomBytes(31), 'k')).toThrow(/must hold a 32-byte key/);
  });
});
