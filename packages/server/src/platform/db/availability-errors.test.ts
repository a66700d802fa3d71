import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { storeUnavailable } from './availability-errors.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('telling an unreachable database from a failing statement', () => {
  it('sees a refused connection, from a real client to a closed port', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 2000 });
    const error: unknown = await client.connect().then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(storeUnavailable(error)).toBe(true);
  });

  it('sees a shutting-down server, a dropped session and a database closed to new sessions', () => {
    expect(storeUnavailable(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(storeUnavailable(withCode('connection failure', '08006'))).toBe(true);
    expect(storeUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(storeUnavailable(withCode('database "x" is not currently accepting connections', '55000'))).toBe(true);
  });

  it('leaves statement errors, constraint violations and non-errors alone', () => {
    expect(storeUnavailable(withCode('syntax error at or near "selec"', '42601'))).toBe(false);
    expect(storeUnavailable(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(storeUnavailable(withCode('lock timeout', '55P03'))).toBe(false);
    expect(storeUnavailable('Connection terminated')).toBe(false);
  });
});
