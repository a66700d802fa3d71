import { randomBytes, scrypt as scryptCallback, hkdfSync, type ScryptOptions } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InputError } from '@citysoc/core';
import type { KdfParameters } from './backup-format.ts';

/**
 * What unlocks a backup: a passphrase (stretched with scrypt) or the 32 bytes of a key file (already random,
 * so only expanded). Either way the file's own random salt goes through HKDF, so every file gets fresh keys and
 * counter nonces can never repeat under one key, even when one key file encrypts a thousand backups.
 */
export type BackupSecret = { kind: 'passphrase'; passphrase: string } | { kind: 'key-file'; key: Buffer };

/** The two keys of one file: AES-256-GCM for the frames, HMAC-SHA256 for the header. */
export interface FileKeys {
  frameKey: Buffer;
  headerKey: Buffer;
}

/**
 * scrypt at N = 2^17, r = 8: 128 MiB of memory per guess, about half a second here. Memory-hard, so a GPU farm
 * guessing passphrases pays in RAM, not only in cycles. The parameters travel in the header, so they can be
 * raised later without breaking old files.
 */
export const DEFAULT_SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
export const MIN_PASSPHRASE_LENGTH = 12;

function scrypt(passphrase: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(passphrase, salt, 32, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Parameters for a new file, with a fresh salt. */
export function newKdfParameters(secret: BackupSecret): KdfParameters {
  const salt = randomBytes(32).toString('base64');
  return secret.kind === 'passphrase' ? { name: 'scrypt', ...DEFAULT_SCRYPT, salt } : { name: 'key-file', salt };
}

/** Derives the file's keys; throws InputError when the secret is of the other kind than the file was made with. */
export async function deriveFileKeys(secret: BackupSecret, kdf: KdfParameters): Promise<FileKeys> {
  const salt = Buffer.from(kdf.salt, 'base64');
  let master: Buffer;
  if (kdf.name === 'scrypt') {
    if (secret.kind !== 'passphrase') {
      throw new InputError('This backup was made with a passphrase: set CITYSOC_BACKUP_PASSPHRASE, not --key-file');
    }
    // maxmem must exceed 128 * N * r bytes, or node refuses the parameters it was given.
    master = await scrypt(secret.passphrase, salt, {
      N: kdf.N,
      r: kdf.r,
      p: kdf.p,
      maxmem: 256 * kdf.N * kdf.r + 1024 * 1024,
    });
  } else {
    if (secret.kind !== 'key-file') {
      throw new InputError('This backup was made with a key file: pass --key-file');
    }
    master = secret.key;
  }
  const okm = Buffer.from(hkdfSync('sha256', master, salt, 'citysoc-backup v1', 64));
  return { frameKey: okm.subarray(0, 32), headerKey: okm.subarray(32, 64) };
}

/**
 * A key file holds 32 bytes: raw, or as 64 hex digits, or as base64 (what `citysoc backup keygen` writes).
 * Anything else is refused rather than hashed into a key, so a truncated copy of the file cannot pass silently.
 */
export function parseKeyFile(content: Buffer, file: string): Buffer {
  if (content.length === 32) return content;
  const text = content.toString('utf8').trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const key = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
    if (key.length === 32) return key;
  }
  throw new InputError(`Key file ${file} must hold a 32-byte key (raw, 64 hex digits or base64)`);
}

export function readKeyFile(file: string): BackupSecret {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (error) {
    throw new InputError(`Cannot read key file ${file}: ${(error as Error).message}`);
  }
  return { kind: 'key-file', key: parseKeyFile(content, file) };
}

/** A new random key in the text form `parseKeyFile` reads. */
export function generateKeyFileText(): string {
  return `${randomBytes(32).toString('base64')}\n`;
}

/** The passphrase from the environment; creating a backup needs one long enough to resist guessing. */
export function passphraseSecret(passphrase: string | undefined, forCreate: boolean): BackupSecret {
  if (passphrase === undefined || passphrase === '') {
    throw new InputError('No key: set CITYSOC_BACKUP_PASSPHRASE or pass --key-file');
  }
  if (forCreate && passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new InputError(`CITYSOC_BACKUP_PASSPHRASE must be at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
  return { kind: 'passphrase', passphrase };
}
