import type { BlocklistKind } from '@citysoc/core';
import type { Queryable } from '../../platform/db/database.ts';
import type { BlockRequest } from '../intel/index.ts';
import { blockedObservables } from './incidents.repository.ts';

/** Observable types a blocklist can carry; users, devices and e-mail addresses are blocked elsewhere. */
const BLOCKABLE: Readonly<Partial<Record<string, BlocklistKind>>> = {
  ip: 'ip',
  domain: 'domain',
  url: 'url',
  hash: 'file_hash',
};

/** What responders marked for blocking in incidents, for the blocklists (origin: the incident's number). */
export async function incidentBlockRequests(db: Queryable): Promise<BlockRequest[]> {
  return (await blockedObservables(db)).flatMap(({ type, value, number }) => {
    const kind = BLOCKABLE[type];
    return kind ? [{ kind, value, origin: `INC-${number}` }] : [];
  });
}
