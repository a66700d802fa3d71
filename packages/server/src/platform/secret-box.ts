import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '@citysoc/core';

/**
 * Encryption at rest for the secrets CitySOC must be able to read back (a TAXII peer's bearer token): unlike
 * passwords and API tokens, which are stored as hashes, these are sent on to someone else, so they are sealed
 * with AES-256-GCM under a key kept outside the database. A copy of the database (a dump, a stolen disk, a
 * backup file) then does not give the credentials away.
 */
export interface SecretBox {
  /** `enc:v1:` + base64(nonce ‖ ciphertext ‖ tag); `context` (e.g. the column) is authenticated, not stored. */
  seal(plain: string, context: string): string;
  /** Opens a sealed value; throws InputError when the key is not the one it was sealed with. */
  open(stored: string, context: string): string;
  isSealed(stored: string): boolean;
}

const PREFIX = 'enc:v1:';
export const SECRET_KEY_FILE = 'secret.key';

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new InputError('The secret key must be 32 bytes');
  return {
    seal(plain, context) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const sealed = Buffer.concat([nonce, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${PREFIX}${sealed.toString('base64')}`;
    },
    open(stored, context) {
      if (!stored.startsWith(PREFIX)) throw new InputError(`The stored ${context} is not sealed`);
      const bytes = Buffer.from(stored.slice(PREFIX.length), 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(bytes.subarray(bytes.length - 16));
        return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new InputError(
          `Cannot decrypt the stored ${context}: the secret key (CITYSOC_SECRET_KEY or ${SECRET_KEY_FILE} in the data ` +
            'directory) is not the one it was sealed with',
        );
      }
    },
    isSealed: (stored) => stored.startsWith(PREFIX),
  };
}

function parseKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new InputError(`${where} must hold a 32-byte key as 64 hex digits or base64`);
  return key;
}

/**
 * The key from configuration (`CITYSOC_SECRET_KEY`; every node of a PostgreSQL deployment needs the same one), or
 * else from `secret.key` in the data directory, generated (mode 0600) on first start so the embedded mode needs
 * no setup. Keep that file, or the variable, apart from database backups and with them when restoring.
 */
export function loadSecretBox(config: { secretKey: string; dataDir: string }): SecretBox {
  if (config.secretKey !== '') return createSecretBox(parseKey(config.secretKey, 'CITYSOC_SECRET_KEY'));
  const file = path.join(config.dataDir, SECRET_KEY_FILE);
  mkdirSync(config.dataDir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return createSecretBox(parseKey(readFileSync(file, 'utf8'), file));
}
