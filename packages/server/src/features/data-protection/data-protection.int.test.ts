import {
  type DatasetInput,
  InputError,
  NotAllowedError,
  NotFoundError,
  type Principal,
  SYSTEM_PRINCIPAL,
  ConflictError,
} from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { bearer } from '../../testing/bearer.ts';
import { SMALL_CITY_YAML } from '../../testing/inventory-fixture.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { parseInventoryDocument, readInventoryText } from '../inventory/index.ts';
import { createDataProtection, type DataProtection } from './index.ts';

const DAY = 86_400_000;

/** The water utility's customer register: personal data with one special-category field. */
function customers(overrides: Partial<DatasetInput> = {}): DatasetInput {
  return {
    id: 'water-customers',
    name: 'Water customers',
    owner: 'olivia',
    department: 'water',
    stored_on: ['historian-db'],
    services: ['water-supply'],
    classification: 'special_category',
    fields: [
      { name: 'account_id' },
      { name: 'consumption_m3' },
      { name: 'full_name', personal: true },
      { name: 'medical_priority', personal: true, special_category: true },
    ],
    legal_basis: { basis: 'public_task', special_condition: 'vital_interests', text: 'Water Supply Act §12' },
    retention: '5y',
    rpo: '1d',
    rto: '4h',
    ...overrides,
  };
}

describe.each(testDatabaseKinds())('data protection on $kind', (kind) => {
  let city: TestCity;
  let clock: number;
  let dp: DataProtection;
  let olivia: Principal; // data owner, water
  let oscar: Principal; // another data owner of water
  let erin: Principal; // data owner, energy
  let sam: Principal; // sysadmin, water

  beforeEach(async () => {
    city = await createTestCity(kind);
    await city.services.inventory.importDocument(
      SYSTEM_PRINCIPAL,
      parseInventoryDocument(readInventoryText(SMALL_CITY_YAML)),
    );
    await city.services.city.current();
    clock = Date.parse('2026-03-01T08:00:00Z');
    dp = createDataProtection({ ...city.services, now: () => new Date(clock) });
    olivia = await city.addUser('olivia', 'data_owner', ['water']);
    oscar = await city.addUser('oscar', 'data_owner', ['water']);
    erin = await city.addUser('erin', 'data_owner', ['energy']);
    sam = await city.addUser('sam', 'sysadmin', ['water']);
  });
  afterEach(() => city.dispose());

  describe('catalogue', () => {
    it('creates, lists within departments, updates and deletes datasets, audited', async () => {
      const created = await dp.datasets.create(olivia, customers());
      expect(created).toMatchObject({ owner: 'olivia', owner_id: olivia.id, retention: '43830h', rpo: '1d' });
      await dp.datasets.create(erin, {
        id: 'grid-load',
        name: 'Grid load',
        owner: 'erin',
        department: 'energy',
        classification: 'internal',
        stored_on: ['grid-scada'],
      });
      expect((await dp.datasets.list(SYSTEM_PRINCIPAL)).map((d) => d.id)).toEqual(['grid-load', 'water-customers']);
      expect((await dp.datasets.list(sam)).map((d) => d.id)).toEqual(['water-customers']);
      expect((await dp.datasets.list(erin)).map((d) => d.id)).toEqual(['grid-load']);
      await expect(dp.datasets.get(erin, 'water-customers')).rejects.toThrow(NotFoundError);

      const updated = await dp.datasets.update(
        olivia,
        'water-customers',
        customers({ owner: 'oscar', name: 'Customers' }),
      );
      expect(updated).toMatchObject({ owner: 'oscar', name: 'Customers' });
      // A sysadmin reads the catalogue but does not manage it; another department cannot even see it.
      await expect(dp.datasets.update(sam, 'water-customers', customers())).rejects.toThrow(NotAllowedError);
      await expect(dp.datasets.remove(erin, 'water-customers')).rejects.toThrow(NotFoundError);
      await dp.datasets.remove(oscar, 'water-customers');
      await expect(dp.datasets.get(SYSTEM_PRINCIPAL, 'water-customers')).rejects.toThrow(NotFoundError);

      const audit = await city.services.audit.list(SYSTEM_PRINCIPAL, {
        limit: 20,
        target: { type: 'dataset', id: 'water-customers' },
      });
      expect(audit.map((e) => e.action).sort()).toEqual(['dataset.create', 'dataset.delete', 'dataset.update']);
    });

    it('refuses owners who are not data owners of the department, unknown assets and unlawful definitions', async () => {
      await expect(dp.datasets.create(olivia, customers({ owner: 'sam' }))).rejects.toThrow(/data_owner role/);
      await expect(dp.datasets.create(olivia, customers({ owner: 'erin' }))).rejects.toThrow(
        /not granted department 'water'/,
      );
      await expect(dp.datasets.create(olivia, customers({ stored_on: ['grid-scada'] }))).rejects.toThrow(
        /Unknown asset 'grid-scada'/,
      );
      await expect(dp.datasets.create(olivia, customers({ department: 'energy' }))).rejects.toThrow(NotAllowedError);
      // Personal data without a legal basis; open data with personal fields.
      await expect(dp.datasets.create(olivia, customers({ legal_basis: undefined }))).rejects.toThrow(/legal basis/);
      await expect(dp.datasets.create(olivia, customers({ open_data: true }))).rejects.toThrow(/open data/);
      await dp.datasets.create(olivia, customers());
      await expect(dp.datasets.create(olivia, customers())).rejects.toThrow(ConflictError);
      // Energy cannot create the same id, nor learn that water has it.
      await expect(
        dp.datasets.create(erin, customers({ owner: 'erin', department: 'energy', stored_on: [], services: [] })),
      ).rejects.toThrow("Dataset id 'water-customers' is not available");
    });

    it('exports YAML that imports back unchanged, and names the line of a mistake', async () => {
      await dp.datasets.create(olivia, customers());
      const yaml = await dp.datasets.exportYaml(olivia);
      expect(yaml).toContain('id: water-customers');
      await dp.datasets.remove(olivia, 'water-customers');
      expect(await dp.datasets.importYaml(olivia, { name: 'catalogue.yml', text: yaml })).toEqual({
        created: ['water-customers'],
        updated: [],
      });
      expect(await dp.datasets.exportYaml(olivia)).toBe(yaml);

      const bad = yaml.replace('classification: special_category', 'classification: secret');
      const error = await dp.datasets.importYaml(olivia, { name: 'catalogue.yml', text: bad }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      const line = bad.split('\n').findIndex((l) => l.includes('classification: secret')) + 1;
      expect((error as InputError).details).toEqual([
        expect.objectContaining({ file: 'catalogue.yml', path: 'datasets.0.classification', line }),
      ]);
    });
  });

  describe('access requests', () => {
    beforeEach(async () => {
      await dp.datasets.create(olivia, customers());
    });
    const ask = (purpose = 'Billing reconciliation') => ({
      subject: 'billing-app',
      dataset: 'water-customers',
      purpose,
    });

    it('request → approve → the decision allows with the grant; other purposes, expiry and revocation deny', async () => {
      const request = await dp.access.request(sam, 'water-customers', {
        subject: 'billing-app',
        fields: ['account_id', 'consumption_m3'],
        purpose: 'Billing reconciliation',
        duration: '30d',
      });
      expect(request).toMatchObject({ status: 'pending', personal_fields: [], requested_by: 'sam' });
      expect(await dp.access.decision(SYSTEM_PRINCIPAL, ask())).toMatchObject({ allow: false, grant: null });

      // The owner's inbox holds it; the other owner's and the requester's do not.
      expect((await dp.access.list(olivia, { status: 'pending' })).map((r) => r.id)).toEqual([request.id]);
      expect(await dp.access.list(oscar, { status: 'pending' })).toEqual([]);
      expect((await dp.access.list(sam, { view: 'mine' })).map((r) => r.id)).toEqual([request.id]);

      const { grant } = await dp.access.decide(olivia, request.id, { decision: 'approve', reason: 'contract 2026-7' });
      expect(grant).toMatchObject({ fields: ['account_id', 'consumption_m3'], state: 'active' });
      const allowed = await dp.access.decision(SYSTEM_PRINCIPAL, ask('billing   RECONCILIATION.'));
      expect(allowed).toMatchObject({ allow: true, grant: grant!.id });
      expect(await dp.access.decision(SYSTEM_PRINCIPAL, ask('Marketing'))).toEqual({
        allow: false,
        grant: null,
        reason: 'no grant for this purpose',
      });
      expect(await dp.access.decision(SYSTEM_PRINCIPAL, { ...ask(), fields: ['full_name'] })).toMatchObject({
        allow: false,
        reason: 'fields not granted: full_name',
      });
      await expect(dp.access.decide(olivia, request.id, { decision: 'deny', reason: 'again' })).rejects.toThrow(
        ConflictError,
      );

      clock += 31 * DAY;
      expect(await dp.access.decision(SYSTEM_PRINCIPAL, ask())).toMatchObject({
        allow: false,
        grant: null,
        reason: 'the grant for this purpose has expired',
      });
      clock -= 31 * DAY;
      const revoked = await dp.access.revoke(olivia, grant!.id, 'contract ended');
      expect(revoked).toMatchObject({ state: 'revoked', revoked_by: 'olivia', revoke_reason: 'contract ended' });
      expect(await dp.access.decision(SYSTEM_PRINCIPAL, ask())).toMatchObject({
        allow: false,
        reason: `grant ${grant!.id} was revoked`,
      });

      const actions = (
        await city.services.audit.list(SYSTEM_PRINCIPAL, {
          limit: 20,
          target: { type: 'dataset', id: 'water-customers' },
        })
      ).map((e) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'access_request.create',
          'access_request.approve',
          'dataset_grant.create',
          'dataset_grant.revoke',
        ]),
      );
    });

    it('a denial gives no grant and keeps its reason', async () => {
      const request = await dp.access.request(sam, 'water-customers', {
        subject: 'billing-app',
        fields: ['account_id'],
        purpose: 'Billing reconciliation',
        duration: '7d',
      });
      const { request: denied, grant } = await dp.access.decide(olivia, request.id, {
        decision: 'deny',
        reason: 'use the anonymised release',
      });
      expect(grant).toBeNull();
      expect(denied).toMatchObject({ status: 'denied', reason: 'use the anonymised release', decided_by: 'olivia' });
      expect(await dp.access.decision(SYSTEM_PRINCIPAL, ask())).toEqual({
        allow: false,
        grant: null,
        reason: 'no access granted to this subject',
      });
    });

    it('only the owner (or an administrator) decides; another department cannot even see the request', async () => {
      const request = await dp.access.request(sam, 'water-customers', {
        subject: 'billing-app',
        fields: ['account_id'],
        purpose: 'Billing',
        duration: '7d',
      });
      await expect(dp.access.decide(erin, request.id, { decision: 'approve', reason: 'ok!' })).rejects.toThrow(
        NotFoundError,
      );
      await expect(dp.access.decide(oscar, request.id, { decision: 'approve', reason: 'ok!' })).rejects.toThrow(
        NotAllowedError,
      );
      await expect(dp.access.decide(sam, request.id, { decision: 'approve', reason: 'ok!' })).rejects.toThrow(
        NotAllowedError,
      );
      const admin = await city.addUser('root2', 'admin');
      const { grant } = await dp.access.decide(admin, request.id, { decision: 'approve', reason: 'on behalf' });
      expect(grant?.granted_by).toBe('root2');
      await expect(dp.access.revoke(erin, grant!.id, 'not mine')).rejects.toThrow(NotFoundError);
    });

    it('grants personal and special-category fields only when the owner names them', async () => {
      const request = await dp.access.request(sam, 'water-customers', {
        subject: 'emergency-dispatch',
        fields: ['account_id', 'full_name', 'medical_priority'],
        purpose: 'Priority supply during outages',
        duration: '90d',
      });
      expect(request.personal_fields).toEqual(['full_name', 'medical_priority']);
      const implicit = await dp.access.request(sam, 'water-customers', {
        subject: 'emergency-dispatch',
        fields: ['full_name', 'medical_priority'],
        purpose: 'Priority supply during outages',
        duration: '90d',
      });
      // Nothing ordinary was asked for, and personal fields are never granted by default.
      await expect(dp.access.decide(olivia, implicit.id, { decision: 'approve', reason: 'yes' })).rejects.toThrow(
        /personal fields are approved only when named/,
      );

      const { grant } = await dp.access.decide(olivia, request.id, { decision: 'approve', reason: 'ordinary only' });
      expect(grant?.fields).toEqual(['account_id']);
      const decide = (fields: string[]) =>
        dp.access.decision(SYSTEM_PRINCIPAL, {
          subject: 'emergency-dispatch',
          dataset: 'water-customers',
          purpose: 'Priority supply during outages',
          fields,
        });
      expect((await decide(['medical_priority'])).allow).toBe(false);

      const explicit = await dp.access.decide(olivia, implicit.id, {
        decision: 'approve',
        reason: 'art. 9(2)(c): vital interests',
        fields: ['medical_priority'],
      });
      expect(explicit.grant?.fields).toEqual(['medical_priority']);
      expect(await decide(['medical_priority'])).toMatchObject({ allow: true, grant: explicit.grant!.id });
      expect((await decide(['full_name'])).allow).toBe(false);
    });

    it('refuses requests for public datasets, unknown fields, and from API tokens', async () => {
      await dp.datasets.create(olivia, {
        id: 'reservoir-levels',
        name: 'Reservoir levels',
        owner: 'olivia',
        department: 'water',
        classification: 'public',
        open_data: true,
      });
      const base = { subject: 'x', fields: [], purpose: 'research', duration: '1d' };
      await expect(dp.access.request(sam, 'reservoir-levels', base)).rejects.toThrow(/need no access request/);
      expect(
        await dp.access.decision(SYSTEM_PRINCIPAL, { subject: 'anyone', dataset: 'reservoir-levels', purpose: 'any' }),
      ).toEqual({ allow: true, grant: null, reason: 'public dataset' });
      await expect(dp.access.request(sam, 'water-customers', { ...base, fields: ['password'] })).rejects.toThrow(
        'Unknown fields: password',
      );
      const token = { ...SYSTEM_PRINCIPAL, kind: 'token' as const, id: 't1' };
      await expect(dp.access.request(token, 'water-customers', { ...base, fields: ['account_id'] })).rejects.toThrow(
        NotAllowedError,
      );
      await expect(dp.access.request(erin, 'water-customers', { ...base, fields: ['account_id'] })).rejects.toThrow(
        NotFoundError,
      );
    });
  });

  describe('over HTTP', () => {
    let app: HttpServer;
    beforeEach(async () => {
      app = await createApp(city.services);
    });
    afterEach(() => app.close());

    it('documents its endpoints in the OpenAPI document', async () => {
      const doc = await app.inject({ url: '/api/openapi.json' });
      expect(doc.statusCode).toBe(200);
      const paths = Object.keys((doc.json() as { paths: Record<string, unknown> }).paths);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/api/datasets',
          '/api/datasets/{id}/access-requests',
          '/api/access-requests/{id}/decision',
          '/api/privacy/decision',
          '/api/backups/jobs',
          '/api/backups/status',
        ]),
      );
    });

    it('answers the decision API to privacy tokens only, scoped to their department', async () => {
      const { datasets, access } = city.services.dataProtection;
      await datasets.create(olivia, customers());
      const request = await access.request(sam, 'water-customers', {
        subject: 'billing-app',
        fields: ['account_id'],
        purpose: 'Billing',
        duration: '30d',
      });
      const { grant } = await access.decide(olivia, request.id, { decision: 'approve', reason: 'contract' });
      const url = '/api/privacy/decision?subject=billing-app&dataset=water-customers&purpose=billing';
      const privacy = await bearer(city.services, 'privacy');
      const response = await app.inject({ url, headers: privacy });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ allow: true, grant: grant!.id, reason: expect.any(String) });

      expect((await app.inject({ url })).statusCode).toBe(401);
      expect((await app.inject({ url, headers: await bearer(city.services, 'read') })).statusCode).toBe(403);
      expect((await app.inject({ url, headers: await bearer(city.services, 'ingest') })).statusCode).toBe(403);
      // The privacy token may do nothing else.
      expect((await app.inject({ url: '/api/datasets', headers: privacy })).statusCode).toBe(403);
      // A token of another department is told nothing about water's datasets.
      const energy = await app.inject({ url, headers: await bearer(city.services, 'privacy', 'energy') });
      expect(energy.json()).toEqual({ allow: false, grant: null, reason: 'unknown dataset' });
      const missing = await app.inject({ url: '/api/privacy/decision?subject=billing-app', headers: privacy });
      expect(missing.statusCode).toBe(400);
    });

    it('refuses hostile input with 400s and scopes the catalogue by department', async () => {
      const admin = await bearer(city.services, 'admin');
      const post = (payload: unknown, headers = admin) =>
        app.inject({ method: 'POST', url: '/api/datasets', headers, payload: payload as object });
      expect((await post({ ...customers(), extra: 'field' })).statusCode).toBe(400);
      expect((await post({ ...customers(), name: 'x'.repeat(10_000) })).statusCode).toBe(400);
      expect((await post({ ...customers(), id: '../../etc/passwd' })).statusCode).toBe(400);
      expect((await post({ ...customers(), classification: 'secret' })).statusCode).toBe(400);
      expect((await post({ ...customers(), fields: [{ name: 'a', personal: 'yes' }] })).statusCode).toBe(400);
      const hostile = '<img src=x onerror=alert(1)>';
      const created = await post({ ...customers(), name: hostile });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ name: hostile });

      const energyReader = await bearer(city.services, 'read', 'energy');
      expect((await app.inject({ url: '/api/datasets', headers: energyReader })).json()).toEqual([]);
      expect((await app.inject({ url: '/api/datasets/water-customers', headers: energyReader })).statusCode).toBe(404);
      const waterReader = await bearer(city.services, 'read', 'water');
      expect((await app.inject({ url: '/api/datasets', headers: waterReader })).json()).toHaveLength(1);

      const requestUrl = '/api/datasets/water-customers/access-requests';
      const bad = await app.inject({
        method: 'POST',
        url: requestUrl,
        headers: admin,
        payload: { subject: 'a b c', fields: ['account_id'], purpose: 'x', duration: '9999d', sneaky: 1 },
      });
      expect(bad.statusCode).toBe(400);
      const decisionBody = await app.inject({
        method: 'POST',
        url: '/api/access-requests/nope/decision',
        headers: admin,
        payload: { decision: 'maybe', reason: 'r' },
      });
      expect(decisionBody.statusCode).toBe(400);
      const importBad = await app.inject({
        method: 'POST',
        url: '/api/datasets/import?name=c.yml',
        headers: { ...admin, 'content-type': 'text/plain' },
        payload: 'datasets:\n  - id: x\n    bogus: [',
      });
      expect(importBad.statusCode).toBe(400);
    });
  });
});
