import { randomBytes } from 'node:crypto';
import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServices } from '../../main.ts';
import { createSecretBox, loadSecretBox, type SecretBox } from '../../platform/secret-box.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { createTaxiiPoller } from './index.ts';

const TOKEN = 'peer-bearer-token-0123456789';
const FEED = {
  name: 'peer',
  apiRoot: 'https://peer.example/taxii2/city/',
  collection: '91a7b528-80eb-42ed-a74d-c6fbd5a26116',
  token: TOKEN,
};

describe.each(testDatabaseKinds())('TAXII tokens encrypted at rest on $kind', (kind) => {
  let city: TestCity;
  let sent: (string | null)[];
  beforeEach(async () => {
    city = await createTestCity(kind);
    sent = [];
  });
  afterEach(() => city.dispose());

  /** A poller like the server's, whose peer records the Authorization header it receives. */
  const pollerWith = (secrets: SecretBox) =>
    createTaxiiPoller({
      ...city.services,
      secrets,
      fetch: (_url, init) => {
        sent.push(new Headers(init?.headers).get('authorization'));
        return Promise.resolve(Response.json({ more: false, objects: [] }));
      },
    });
  const storedToken = async () =>
    (
      await city.services.store.db
        .selectFrom('taxii_feeds')
        .select('token')
        .where('name', '=', 'peer')
        .executeTakeFirst()
    )?.token;

  it('stores the token sealed, and sends it opened', async () => {
    const poller = pollerWith(loadSecretBox(city.services.config));
    await poller.add(SYSTEM_PRINCIPAL, FEED);
    const stored = await storedToken();
    expect(stored).toMatch(/^enc:v1:/);
    expect(stored).not.toContain(TOKEN);
    await poller.pollNow(SYSTEM_PRINCIPAL, 'peer');
    expect(sent).toEqual([`Bearer ${TOKEN}`]);
  });

  it('seals a token stored in plaintext by an earlier version at the next start', async () => {
    await city.services.taxiiPoller.add(SYSTEM_PRINCIPAL, FEED);
    await city.services.store.db.updateTable('taxii_feeds').set({ token: TOKEN }).where('name', '=', 'peer').execute();
    const reopened = await openServices(city.services.config);
    try {
      expect(await storedToken()).toMatch(/^enc:v1:/);
      expect(await reopened.taxiiPoller.sealStoredTokens()).toBe(0);
    } finally {
      await reopened.close();
    }
    await pollerWith(loadSecretBox(city.services.config)).pollNow(SYSTEM_PRINCIPAL, 'peer');
    expect(sent).toEqual([`Bearer ${TOKEN}`]);
  });

  it('cannot use the token under another key, and says so on the feed', async () => {
    await city.services.taxiiPoller.add(SYSTEM_PRINCIPAL, FEED);
    const other = pollerWith(createSecretBox(randomBytes(32)));
    await expect(other.pollNow(SYSTEM_PRINCIPAL, 'peer')).rejects.toThrow(
      /Cannot decrypt the stored taxii_feeds.token/,
    );
    expect(sent).toEqual([]);
    const [feed] = await city.services.taxiiPoller.list(SYSTEM_PRINCIPAL);
    expect(feed?.lastError).toMatch(/secret key .* is not the one it was sealed with/);
  });
});
