import { ConflictError, NotAllowedError, NotFoundError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';

describe.each(testDatabaseKinds())('departments on $kind', (kind) => {
  let city: TestCity;
  beforeEach(async () => {
    city = await createTestCity(kind);
  });
  afterEach(() => city.dispose());

  it('lists every department to a city-wide role', async () => {
    const cio = await city.addUser('cio', 'cio');
    expect((await city.services.departments.list(cio)).map((d) => d.id)).toEqual(['energy', 'water']);
  });

  it('lists only granted departments to a department role', async () => {
    const sysadmin = await city.addUser('wsys', 'sysadmin', ['water']);
    expect((await city.services.departments.list(sysadmin)).map((d) => d.id)).toEqual(['water']);
    expect(await city.services.departments.count(sysadmin)).toBe(1);
  });

  it('answers not found for a department outside the grant, as for one that does not exist', async () => {
    const sysadmin = await city.addUser('wsys', 'sysadmin', ['water']);
    await expect(city.services.departments.get(sysadmin, 'energy')).rejects.toThrow(NotFoundError);
    await expect(city.services.departments.get(sysadmin, 'nowhere')).rejects.toThrow(NotFoundError);
  });

  it('shows nothing to a department role with no grants', async () => {
    const responder = await city.addUser('lonely', 'responder', []);
    expect(await city.services.departments.list(responder)).toEqual([]);
  });

  it('lets only administrators create departments', async () => {
    const cio = await city.addUser('cio', 'cio');
    await expect(
      city.services.departments.create(cio, { id: 'parks', name: 'Parks', description: '' }),
    ).rejects.toThrow(NotAllowedError);
  });

  it('refuses a duplicate id with a conflict', async () => {
    await expect(
      city.services.departments.create(SYSTEM_PRINCIPAL, { id: 'water', name: 'Again', description: '' }),
    ).rejects.toThrow(ConflictError);
  });

  it('refuses to delete a department that users still belong to, and deletes an empty one', async () => {
    await city.addUser('wsys', 'sysadmin', ['water']);
    await expect(city.services.departments.remove(SYSTEM_PRINCIPAL, 'water')).rejects.toThrow(ConflictError);
    await city.services.departments.remove(SYSTEM_PRINCIPAL, 'energy');
    expect((await city.services.departments.list(SYSTEM_PRINCIPAL)).map((d) => d.id)).toEqual(['water']);
    expect((await city.services.audit.list(SYSTEM_PRINCIPAL, { limit: 1 }))[0]?.action).toBe('department.delete');
  });
});
