import { type Principal, SYSTEM_PRINCIPAL, userPrincipal, type Role } from '@citysoc/core';
import type { Config } from '../config.ts';
import { openServices, type Services } from '../main.ts';
import type { TestDatabaseKind } from './test-databases.ts';

/** Services on a fresh database with two departments (water, energy), closed and dropped by `dispose`. */
export interface TestCity {
  services: Services;
  /** Creates a user with the role and grants and returns their principal. */
  addUser(username: string, role: Role, departmentIds?: string[]): Promise<Principal>;
  dispose(): Promise<void>;
}

export const TEST_PASSWORD = 'correct-horse-battery-staple';

export async function createTestCity(kind: TestDatabaseKind, overrides: Partial<Config> = {}): Promise<TestCity> {
  // Normalisation on the test's own thread unless a test asks for workers: a worker per test city is slow.
  const database = await kind.create({ ingestWorkers: 0, ...overrides });
  const services = await openServices(database.config);
  await services.departments.create(SYSTEM_PRINCIPAL, { id: 'water', name: 'Water Utility', description: '' });
  await services.departments.create(SYSTEM_PRINCIPAL, { id: 'energy', name: 'Energy', description: '' });
  return {
    services,
    async addUser(username, role, departmentIds = []) {
      const user = await services.users.create(SYSTEM_PRINCIPAL, {
        username,
        password: TEST_PASSWORD,
        role,
        departmentIds,
      });
      return userPrincipal(user);
    },
    async dispose() {
      await services.close();
      await database.drop();
    },
  };
}
