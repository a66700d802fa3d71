import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCENARIOS } from '../../src/features/demo/index.ts';
import { createToken, spawnServer, type SpawnedServer } from '../../src/testing/spawned-server.ts';

interface AlertSummary {
  rule: { id: string };
  departmentId: string | null;
  event: { assetId: string | null };
}

describe('the living demo city', () => {
  let server: SpawnedServer;
  let token: string;

  beforeAll(async () => {
    server = await spawnServer({ CITYSOC_DEMO: 'true', CITYSOC_DEMO_SCENARIO_SECONDS: '6' });
    token = await createToken(server.dataDir, 'read');
  });
  afterAll(() => server?.stop());

  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  it('loads the city and, within a minute, raises real alerts from at least four scenarios', async () => {
    expect(server.output()).toMatch(/Demo city Aurelia: \d+ departments, \d+ services, \d+ assets/);
    expect((await get<unknown[]>('/api/services')).length).toBeGreaterThanOrEqual(20);
    expect((await get<unknown[]>('/api/assets')).length).toBeGreaterThanOrEqual(500);

    const scenarioOf = new Map(DEMO_SCENARIOS.flatMap((s) => s.detectedBy.map((rule) => [rule, s.name] as const)));
    const detected = new Set<string>();
    const deadline = Date.now() + 75_000;
    let alerts: AlertSummary[] = [];
    while (detected.size < 4 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      alerts = await get<AlertSummary[]>('/api/alerts?limit=500');
      for (const alert of alerts) {
        const scenario = scenarioOf.get(alert.rule.id);
        if (scenario) detected.add(scenario);
      }
    }
    expect([...detected].length, `scenarios detected: ${[...detected].join(', ')}`).toBeGreaterThanOrEqual(4);
    console.log(`demo scenarios detected in the first minute: ${[...detected].join(', ')}`);
    // Alerts come from enriched events: most carry the asset and its department.
    const attributed = alerts.filter((a) => a.event.assetId !== null && a.departmentId !== null);
    expect(attributed.length).toBeGreaterThan(0);
    const ingest = await get<{ totals: { accepted: number } }>('/api/ingest/stats');
    expect(ingest.totals.accepted).toBeGreaterThan(500);
  }, 120_000);
});
