import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type NotificationRequest,
  type Notifier,
  parsePlaybooks,
  type PlaybookRun,
  type Principal,
  SYSTEM_PRINCIPAL,
} from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServices, type Services } from '../../main.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../../platform/webhook.ts';
import { createApp } from '../../server.ts';
import { SMALL_CITY_YAML } from '../../testing/inventory-fixture.ts';
import { createTestCity, TEST_PASSWORD, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { incidentBlockRequests } from '../incidents/index.ts';
import { parseInventoryDocument, readInventoryText } from '../inventory/index.ts';
import { createPlaybooksService, type PlaybooksService, playbookCatalogue } from './index.ts';

const CONTAIN = `id: contain-test
version: 3
title: Contain test
triggers:
  - {asset_type: server, severity_at_least: high}
inputs:
  servers: {from: assets, asset_types: [server]}
  severity: {from: severity}
steps:
  - id: triage
    kind: create_task
    task: {title: "Triage {{incident.ref}}: {{incident.title}}"}
  - id: low-only
    kind: create_task
    when: {field: severity, equals: low}
    task: {title: never created}
  - id: hook
    kind: webhook
    url_env: TEST_HOOK_URL
    secret_env: TEST_HOOK_SECRET
    body: {incident: "{{incident.ref}}", servers: "{{inputs.servers}}"}
  - id: isolate
    kind: isolate_asset
    for_each: servers
    asset: "{{item}}"
    reason: "Contain {{incident.ref}}"
  - id: contain
    kind: set_status
    status: containment
`;

const BLOCK = `id: block-test
version: 1
title: Block test
auto_start: true
triggers:
  - {severity_at_least: high}
inputs:
  bad_ips: {from: observables, observable_types: [ip]}
steps:
  - id: both
    kind: wait_for_approval
    message: "Two of you, please"
    two_person: true
  - id: block
    kind: block
    for_each: bad_ips
    value: "{{item}}"
    type: ip
`;

const AUTO = `id: auto-test
version: 1
title: Auto test
auto_start: true
triggers:
  - {asset_type: server, severity_at_least: high}
steps:
  - id: go-ahead
    kind: wait_for_approval
    message: "Proceed with {{incident.ref}}?"
  - id: follow-up
    kind: create_task
    task: {title: "Follow up {{incident.ref}}"}
`;

function catalogueOf(...texts: string[]) {
  const { playbooks, errors } = parsePlaybooks(texts.map((text, i) => ({ name: `p${i}.yml`, text })));
  expect(errors).toEqual([]);
  return playbookCatalogue(playbooks);
}

/** A receiver that answers 500 twice, then 200, and keeps what it got. */
async function flakyReceiver() {
  const calls: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      calls.push({ headers: request.headers, body });
      response.statusCode = calls.length <= 2 ? 500 : 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { calls, url: `http://127.0.0.1:${port}/hook`, close: () => new Promise((r) => server.close(r)) };
}

describe.each(testDatabaseKinds())('playbooks on $kind', (kind) => {
  let city: TestCity;
  let app: HttpServer;
  let playbooks: PlaybooksService;
  let receiver: Awaited<ReturnType<typeof flakyReceiver>>;
  const notes: NotificationRequest[] = [];
  const notifier: Notifier = { notify: (r) => Promise.resolve(void notes.push(r)) };

  const build = (services: Services, ...texts: string[]) =>
    createPlaybooksService({
      ...services,
      effectivePolicy: (scope) => services.stance.effectivePolicy(scope),
      catalogue: catalogueOf(...texts),
      notifier,
      env: { TEST_HOOK_URL: receiver.url, TEST_HOOK_SECRET: 'hook-secret' },
      webhook: { backoffMs: 5, maxBackoffMs: 20 },
    });

  async function session(username: string, role: 'soc_operator' | 'responder' | 'auditor', departments: string[] = []) {
    const principal = await city.addUser(username, role, departments);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: TEST_PASSWORD },
    });
    const cookie = `citysoc_session=${login.cookies.find((c) => c.name === 'citysoc_session')?.value ?? ''}`;
    return { principal, headers: { cookie, 'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken } };
  }

  async function openIncident(actor: Principal, severity: 'medium' | 'high' = 'high') {
    const incident = await city.services.incidents.create(actor, {
      title: 'Files encrypted on SCADA 1',
      departmentId: 'water',
      severity,
      assetIds: ['scada-1'],
    });
    return incident.id;
  }

  beforeEach(async () => {
    receiver = await flakyReceiver();
    notes.length = 0;
    city = await createTestCity(kind);
    await city.services.inventory.importDocument(
      SYSTEM_PRINCIPAL,
      parseInventoryDocument(readInventoryText(SMALL_CITY_YAML)),
    );
    await city.services.city.current();
    await city.services.stance.evaluate();
    playbooks = build(city.services, CONTAIN, AUTO.replace('auto_start: true', 'auto_start: false'));
    app = await createApp({ ...city.services, playbooks });
  });
  afterEach(async () => {
    playbooks.stop();
    await playbooks.idle();
    await app.close();
    await city.dispose();
    await receiver.close();
  });

  const approve = (headers: Record<string, string>, run: PlaybookRun, step: string, reason = 'seen the impact') =>
    app.inject({
      method: 'POST',
      url: `/api/playbook-runs/${run.id}/steps/${step}/approve`,
      headers,
      payload: { reason },
    });
  const runsOf = async (incidentId: string) => playbooks.runs(SYSTEM_PRINCIPAL, incidentId);
  const status = async (asset: string) => (await city.services.inventory.getAsset(SYSTEM_PRINCIPAL, asset)).status;

  it('runs a playbook to the end: task, skipped condition, webhook retries, two-person isolation, status', async () => {
    await city.services.stance.override(SYSTEM_PRINCIPAL, 'city', {
      level: 3,
      justification: 'Water utilities under attack in the region',
      until: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const olga = await session('olga', 'soc_operator');
    const wendy = await session('wendy', 'responder', ['water']);
    const eric = await session('eric', 'responder', ['energy']);
    const incidentId = await openIncident(olga.principal);

    const picker = await app.inject({ url: `/api/playbooks?incidentId=${incidentId}`, headers: olga.headers });
    expect(picker.json()).toMatchObject({
      playbooks: [
        { id: 'contain-test', match: { matched: true, reason: 'severity high ≥ high, server affected' } },
        {},
      ],
    });
    const started = await app.inject({
      method: 'POST',
      url: `/api/incidents/${incidentId}/playbooks`,
      headers: olga.headers,
      payload: { playbookId: 'contain-test' },
    });
    expect(started.statusCode).toBe(201);
    await playbooks.idle();

    let [run] = await runsOf(incidentId);
    expect(run).toMatchObject({
      state: 'waiting',
      playbookVersion: 3,
      startedBy: 'olga',
      inputs: { servers: ['scada-1'] },
    });
    const [triage, lowOnly, hook, isolate, contain] = run!.steps;
    expect(triage).toMatchObject({ state: 'succeeded', summary: expect.stringContaining('Task created: Triage INC-') });
    expect(lowOnly).toMatchObject({
      state: 'skipped',
      summary: expect.stringContaining('severity = low does not hold'),
    });
    // The receiver failed twice: every attempt is on the step, and the last delivery was signed.
    expect(hook?.state).toBe('succeeded');
    expect(hook?.attempts.map((a) => [a.ok, a.status])).toEqual([
      [false, 500],
      [false, 500],
      [true, 200],
    ]);
    const last = receiver.calls[2]!;
    expect(last.headers[SIGNATURE_HEADER]).toBe(
      signWebhook('hook-secret', String(last.headers[TIMESTAMP_HEADER]), last.body),
    );
    expect(JSON.parse(last.body)).toMatchObject({ servers: ['scada-1'] });
    // Stance level 3 wants two persons for isolation: the starter asked, the response service holds it.
    expect(isolate).toMatchObject({ state: 'awaiting_approval', twoPerson: true, item: 'scada-1', action: 'isolate' });
    expect(isolate?.responseApprovalId).not.toBeNull();
    expect(isolate?.impact?.services).toEqual([expect.objectContaining({ id: 'water-supply', state: 'degraded' })]);
    expect(contain?.state).toBe('pending');
    expect(await status('scada-1')).toBe('operational');
    expect(notes.map((n) => n.kind)).toContain('playbook.approval_needed');

    expect((await approve(olga.headers, run!, isolate!.id)).statusCode).toBe(403);
    expect((await approve(eric.headers, run!, isolate!.id)).statusCode).toBe(404);
    const { token } = await city.services.tokens.create(SYSTEM_PRINCIPAL, {
      name: 'soar',
      scope: 'admin',
      departmentId: null,
      expiresInDays: null,
    });
    expect((await approve({ authorization: `Bearer ${token}` }, run!, isolate!.id)).statusCode).toBe(403);
    expect((await approve(wendy.headers, run!, isolate!.id, 'Confirmed: scada-2 carries the load')).statusCode).toBe(
      200,
    );
    await playbooks.idle();

    [run] = await runsOf(incidentId);
    expect(run?.state).toBe('succeeded');
    expect(run?.steps.map((s) => s.state)).toEqual(['succeeded', 'skipped', 'succeeded', 'succeeded', 'succeeded']);
    expect(await status('scada-1')).toBe('isolated');
    const incident = await city.services.incidents.get(SYSTEM_PRINCIPAL, incidentId);
    expect(incident.status).toBe('containment');
    expect(incident.tasks.map((t) => t.title)).toEqual([expect.stringMatching(/^Triage INC-\d+: Files encrypted/)]);
    const texts = incident.timeline.filter((e) => e.kind === 'playbook').map((e) => e.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringContaining('started by olga'),
        expect.stringContaining('Webhook delivered (HTTP 200) after 3 attempts'),
        expect.stringContaining('waits for approval'),
        expect.stringContaining('approved by wendy'),
        expect.stringContaining('finished'),
      ]),
    );
    const audit = await city.services.audit.list(SYSTEM_PRINCIPAL, { limit: 200 });
    const actions = audit.map((e) => `${e.action}:${e.actorName}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'playbook.start:olga',
        'response.request:olga',
        'playbook.step.approve:wendy',
        'response.approve:wendy',
        'asset.status:wendy',
      ]),
    );
  });

  it('isolates after one approval in peacetime (impact recorded), resumes on a decision from the approvals page', async () => {
    const olga = await session('olga', 'soc_operator');
    const wendy = await session('wendy', 'responder', ['water']);
    const incidentId = await openIncident(olga.principal);
    const run = await playbooks.start(olga.principal, incidentId, 'contain-test');
    await playbooks.idle();
    let [current] = await runsOf(incidentId);
    const isolate = current!.steps[3]!;
    // Level 1 does not require two persons for isolation: the starter may approve, having seen the impact.
    expect(isolate).toMatchObject({ state: 'awaiting_approval', twoPerson: false, responseApprovalId: null });
    expect((await approve(olga.headers, run, isolate.id)).statusCode).toBe(200);
    await playbooks.idle();
    [current] = await runsOf(incidentId);
    expect(current?.steps[3]).toMatchObject({
      state: 'succeeded',
      actor: 'olga',
      summary: 'Asset scada-1 is now isolated',
    });
    expect(current?.steps[3]?.impact?.population_affected).toBeGreaterThanOrEqual(0);
    expect(await status('scada-1')).toBe('isolated');

    // A second run at level 3, decided on the approvals page: the waiting step hears it over the bus.
    await city.services.inventory.setAssetStatus(SYSTEM_PRINCIPAL, 'scada-1', 'operational', 'restored');
    await city.services.stance.override(SYSTEM_PRINCIPAL, 'city', {
      level: 3,
      justification: 'Regional exercise of the containment procedure',
      until: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await playbooks.follow();
    const second = await playbooks.start(olga.principal, incidentId, 'contain-test');
    await playbooks.idle();
    const held = (await playbooks.run(SYSTEM_PRINCIPAL, second.id)).steps[3]!;
    const decided = await app.inject({
      method: 'POST',
      url: `/api/response/approvals/${held.responseApprovalId ?? ''}/decision`,
      headers: wendy.headers,
      payload: { approve: false, reason: 'The alert came from the vendor update' },
    });
    expect(decided.statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await playbooks.idle();
    const after = await playbooks.run(SYSTEM_PRINCIPAL, second.id);
    expect(after.state).toBe('failed');
    expect(after.steps[3]).toMatchObject({ state: 'denied', actor: 'wendy' });
    expect(after.steps[4]?.state).toBe('cancelled');
    expect(await status('scada-1')).toBe('operational');
  });

  it('withdraws the containment a cancelled run was waiting for, even when the canceller asked for it', async () => {
    const olga = await session('olga', 'soc_operator');
    const wendy = await session('wendy', 'responder', ['water']);
    await city.services.stance.override(SYSTEM_PRINCIPAL, 'city', {
      level: 3,
      justification: 'Regional exercise of the containment procedure',
      until: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const incidentId = await openIncident(olga.principal);
    const run = await playbooks.start(olga.principal, incidentId, 'contain-test');
    await playbooks.idle();
    const held = (await playbooks.run(SYSTEM_PRINCIPAL, run.id)).steps[3]!;
    expect(held.responseApprovalId).not.toBeNull();
    const cancelled = await app.inject({
      method: 'POST',
      url: `/api/playbook-runs/${run.id}/cancel`,
      headers: olga.headers,
      payload: { reason: 'wrong asset' },
    });
    expect(cancelled.json()).toMatchObject({ state: 'cancelled' });
    const [approval] = await city.services.response.list(SYSTEM_PRINCIPAL);
    expect(approval).toMatchObject({ id: held.responseApprovalId, state: 'withdrawn', decided_by: 'olga' });
    const late = await app.inject({
      method: 'POST',
      url: `/api/response/approvals/${held.responseApprovalId ?? ''}/decision`,
      headers: wendy.headers,
      payload: { approve: true, reason: 'approving the old request' },
    });
    expect(late.statusCode).toBe(400);
    expect(await status('scada-1')).toBe('operational');
  });

  it('refuses people without the right permission or department', async () => {
    const olga = await session('olga', 'soc_operator');
    const audrey = await session('audrey', 'auditor', ['water']);
    const eric = await session('eric', 'responder', ['energy']);
    const incidentId = await openIncident(olga.principal);
    const start = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: `/api/incidents/${incidentId}/playbooks`,
        headers,
        payload: { playbookId: 'contain-test' },
      });
    expect((await start(audrey.headers)).statusCode).toBe(403);
    expect((await start(eric.headers)).statusCode).toBe(404);
    expect(
      (await app.inject({ url: `/api/incidents/${incidentId}/playbooks`, headers: eric.headers })).statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ url: `/api/incidents/${incidentId}/playbooks`, headers: audrey.headers })).json(),
    ).toEqual([]);
    const run = await playbooks.start(olga.principal, incidentId, 'contain-test');
    await playbooks.idle();
    const waiting = (await playbooks.run(SYSTEM_PRINCIPAL, run.id)).steps[3]!;
    // An auditor reads the run but may not approve containment.
    expect((await approve(audrey.headers, run, waiting.id)).statusCode).toBe(403);
    const cancel = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: `/api/playbook-runs/${run.id}/cancel`,
        headers,
        payload: { reason: 'wrong playbook' },
      });
    expect((await cancel(audrey.headers)).statusCode).toBe(403);
    expect((await cancel(olga.headers)).json()).toMatchObject({ state: 'cancelled' });
    expect((await app.inject({ url: '/api/playbooks/nope', headers: olga.headers })).statusCode).toBe(404);
    const detail = await app.inject({ url: '/api/playbooks/contain-test', headers: audrey.headers });
    expect(detail.json()).toMatchObject({ playbook: { id: 'contain-test', version: 3 }, file: 'contain-test.yml' });
    const doc = (await app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/playbooks/{id}', '/api/playbook-runs/{id}/steps/{stepId}/approve']),
    );
  });

  it('needs two different people on a two-person step of an automatic run, then blocks the address', async () => {
    playbooks.stop();
    playbooks = build(city.services, BLOCK);
    await playbooks.follow();
    const olga = await city.addUser('olga', 'soc_operator');
    const wendy = await city.addUser('wendy', 'responder', ['water']);
    const incidentId = await openIncident(olga, 'medium');
    await city.services.incidents.addObservable(olga, incidentId, { type: 'ip', value: '203.0.113.9' });
    await city.services.incidents.update(olga, incidentId, { severity: 'high' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await playbooks.idle();
    const [run] = await runsOf(incidentId);
    const both = run!.steps[0]!;
    expect(both).toMatchObject({ state: 'awaiting_approval', twoPerson: true });
    await playbooks.approve(wendy, run!.id, both.id, 'first');
    await expect(playbooks.approve(wendy, run!.id, both.id, 'again')).rejects.toThrow(/already approved/);
    expect((await playbooks.run(SYSTEM_PRINCIPAL, run!.id)).steps[0]?.state).toBe('awaiting_approval');
    await playbooks.approve(olga, run!.id, both.id, 'second');
    await playbooks.idle();
    const block = (await playbooks.run(SYSTEM_PRINCIPAL, run!.id)).steps[1]!;
    expect(block).toMatchObject({
      state: 'awaiting_approval',
      item: '203.0.113.9',
      action: 'block_ip',
      twoPerson: false,
    });
    expect(await incidentBlockRequests(city.services.store.db)).toEqual([]);
    await playbooks.approve(wendy, run!.id, block.id, 'C2 address');
    await playbooks.idle();
    expect((await playbooks.run(SYSTEM_PRINCIPAL, run!.id)).state).toBe('succeeded');
    expect(await incidentBlockRequests(city.services.store.db)).toEqual([
      expect.objectContaining({ kind: 'ip', value: '203.0.113.9' }),
    ]);
  });

  it('starts automatically once per incident, and resumes a waiting run after a restart', async () => {
    playbooks.stop();
    playbooks = build(city.services, AUTO);
    await playbooks.follow();
    const olga = await city.addUser('olga', 'soc_operator');
    const wendy = await city.addUser('wendy', 'responder', ['water']);
    const incidentId = await openIncident(olga);
    const quiet = await openIncident(olga, 'medium');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await playbooks.idle();
    await city.services.incidents.update(olga, incidentId, { severity: 'critical' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await playbooks.idle();
    const runs = await runsOf(incidentId);
    expect(runs.map((r) => [r.trigger, r.state, r.startedBy])).toEqual([['auto', 'waiting', 'citysoc-playbooks']]);
    expect(await runsOf(quiet)).toEqual([]);

    // Restart: close everything and open the services again on the same data.
    playbooks.stop();
    const config = city.services.config;
    await city.services.close();
    const reopened = await openServices(config);
    const original = city;
    city = {
      ...original,
      services: reopened,
      dispose: async () => {
        await reopened.close();
        await original.dispose();
      },
    };
    playbooks = build(reopened, AUTO);
    await playbooks.follow();
    await playbooks.idle();
    const [run] = await playbooks.runs(SYSTEM_PRINCIPAL, incidentId);
    expect(run?.state).toBe('waiting');
    await playbooks.approve(wendy, run!.id, run!.steps[0]!.id, 'go');
    await playbooks.idle();
    const done = await playbooks.run(SYSTEM_PRINCIPAL, run!.id);
    expect(done.state).toBe('succeeded');
    expect(done.steps[0]).toMatchObject({ state: 'succeeded', approvals: [expect.objectContaining({ by: 'wendy' })] });
    const incident = await reopened.incidents.get(SYSTEM_PRINCIPAL, incidentId);
    expect(incident.tasks.map((t) => t.title)).toEqual([expect.stringMatching(/^Follow up INC-/)]);
  });
});
