import type { Logger } from '../../platform/log.ts';
import type { SecretBox } from '../../platform/secret-box.ts';

/**
 * The personal data CitySOC keeps about its own staff, sealed at rest with the server's SecretBox: a person's
 * display name (`users.display_name`) and the address a session was opened from (`sessions.client_address`).
 * Usernames stay in plaintext: they are the login identifier, looked up by equality and recorded as the actor of
 * every audit entry, and a sealed value (random nonce) cannot be looked up. Each column has its own
 * authenticated context bound to the row's key, so a sealed value copied into another row or column does not open.
 *
 * Opening never fails a request: when the key is not the one a value was sealed with (a database restored
 * without its `secret.key`), the display name falls back to the username and the failure is counted and logged,
 * so people can still sign in and an administrator sees why names are missing.
 */
export interface PersonalFields {
  sealDisplayName(userId: string, plain: string): string;
  /** The display name, or `fallback` (the username) when it cannot be opened under the current key. */
  openDisplayName(userId: string, stored: string, fallback: string): string;
  sealClientAddress(sessionIdHash: string, plain: string): string;
  /** The client address, or null when it cannot be opened under the current key. */
  openClientAddress(sessionIdHash: string, stored: string): string | null;
  isSealed(stored: string): boolean;
  /** Values that could not be opened since start, by column. */
  readonly unreadable: { display_name: number; client_address: number };
}

const displayNameContext = (userId: string) => `users.display_name:${userId}`;
const clientAddressContext = (idHash: string) => `sessions.client_address:${idHash}`;

export function createPersonalFields(secrets: SecretBox, log?: Logger): PersonalFields {
  const unreadable = { display_name: 0, client_address: 0 };

  function open(column: keyof typeof unreadable, stored: string, context: string): string | null {
    // Rows written before sealing existed are plaintext until the start-up pass seals them.
    if (!secrets.isSealed(stored)) return stored;
    try {
      return secrets.open(stored, context);
    } catch (error) {
      unreadable[column] += 1;
      // Once per column is enough to say why; the count shows how often.
      if (unreadable[column] === 1)
        log?.warn({ err: error, column }, 'a sealed personal field cannot be opened with the current secret key');
      return null;
    }
  }

  return {
    sealDisplayName: (userId, plain) => secrets.seal(plain, displayNameContext(userId)),
    openDisplayName: (userId, stored, fallback) => open('display_name', stored, displayNameContext(userId)) ?? fallback,
    sealClientAddress: (idHash, plain) => secrets.seal(plain, clientAddressContext(idHash)),
    openClientAddress: (idHash, stored) => open('client_address', stored, clientAddressContext(idHash)),
    isSealed: (stored) => secrets.isSealed(stored),
    unreadable,
  };
}
