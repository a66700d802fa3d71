import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretBox, loadSecretBox, SECRET_KEY_FILE } from './secret-box.ts';

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32));

  it('seals differently each time and opens what it sealed', () => {
    const a = box.seal('s3cret', 'ctx');
    expect(a).toMatch(/^enc:v1:/);
    expect(a).not.toBe(box.seal('s3cret', 'ctx'));
    expect(box.open(a, 'ctx')).toBe('s3cret');
  });

  it('refuses another context, another key and a changed value', () => {
    const sealed = box.seal('s3cret', 'taxii_feeds.token:a');
    expect(() => box.open(sealed, 'taxii_feeds.token:b')).toThrow(/Cannot decrypt/);
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'taxii_feeds.token:a')).toThrow(/Cannot decrypt/);
    const bytes = Buffer.from(sealed.slice('enc:v1:'.length), 'base64');
    bytes[14] = (bytes[14] ?? 0) ^ 1;
    expect(() => box.open(`enc:v1:${bytes.toString('base64')}`, 'taxii_feeds.token:a')).toThrow(/Cannot decrypt/);
  });
});

describe('loading the secret key', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a key file readable only by its owner on first start, and reuses it', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'citysoc-secret-'));
    const sealed = loadSecretBox({ secretKey: '', dataDir: dir }).seal('x', 'c');
    const file = path.join(dir, SECRET_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(loadSecretBox({ secretKey: '', dataDir: dir }).open(sealed, 'c')).toBe('x');
  });

  it('prefers CITYSOC_SECRET_KEY and refuses a key of the wrong size', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'citysoc-secret-'));
    const key = randomBytes(32).toString('hex');
    const sealed = loadSecretBox({ secretKey: key, dataDir: dir }).seal('x', 'c');
    expect(createSecretBox(Buffer.from(key, 'hex')).open(sealed, 'c')).toBe('x');
    expect(() => loadSecretBox({ secretKey: 'abcd', dataDir: dir })).toThrow(/32-byte key/);
  });
});
