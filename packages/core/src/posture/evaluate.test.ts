import { describe, expect, it } from 'vitest';
import type { Asset } from '../city/inventory.ts';
import { Control } from './control.ts';
import { evaluateControls, type PostureInputs } from './evaluate.ts';
import { postureReport } from './score.ts';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const HOUR = 3_600_000;

function asset(id: string, extra: Partial<Asset> = {}): Asset {
  return {
    id,
    name: id,
    type: 'server',
    department: 'water',
    criticality: 'medium',
    ip: [],
    hostnames: [],
    device_ids: [],
    software: [],
    depends_on: [],
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    status: 'operational',
    status_changed_at: null,
    ...extra,
  } as Asset;
}

const controls = [
  Control.parse({
    id: 'SYS-AV-01',
    title: 'Anti-malware',
    direction: 'system',
    description: 'x',
    applies_to: { asset_types: ['server'] },
    evidence: { kind: 'telemetry', metric: 'antivirus', pass_states: ['ok'], max_age: '1d' },
  }),
  Control.parse({
    id: 'SYS-HARD-01',
    title: 'Hardening',
    direction: 'system',
    description: 'x',
    applies_to: { asset_types: ['server'] },
    evidence: { kind: 'telemetry', metric: 'hardening_score', pass_values: { gte: 80 }, max_age: '7d' },
  }),
  Control.parse({
    id: 'SYS-PATCH-01',
    title: 'Patch level',
    direction: 'system',
    description: 'x',
    weight: 2,
    evidence: { kind: 'vulnerabilities' },
  }),
  Control.parse({
    id: 'NET-FW-01',
    title: 'Firewall reporting',
    direction: 'network',
    description: 'x',
    applies_to: { asset_types: ['network'], zones: ['DMZ'] },
    evidence: { kind: 'reporting' },
  }),
  Control.parse({
    id: 'PHY-ENV-01',
    title: 'Room monitored',
    direction: 'physical',
    description: 'x',
    applies_to: { asset_types: ['server'], min_criticality: 'high' },
    evidence: { kind: 'environment', metrics: ['temperature'], max_age: '1h' },
  }),
  Control.parse({
    id: 'MGT-IR-01',
    title: 'Incident response plan',
    direction: 'management',
    description: 'x',
    level: 'department',
    evidence: { kind: 'attestation', max_validity: '365d' },
  }),
];

function inputs(overrides: Partial<PostureInputs> = {}): PostureInputs {
  const assets = [
    asset('web-1', { criticality: 'high', zone: 'server-room' }),
    asset('web-2'),
    asset('fw-1', { type: 'network', zone: 'dmz', department: 'energy' }),
    asset('fw-2', { type: 'network', zone: 'it', department: 'energy' }),
    asset('temp-1', { type: 'sensor', zone: 'Server-Room', metrics: { temperature: { min: 15, max: 27 } } }),
  ];
  return {
    controls,
    assets,
    departments: ['water', 'energy'],
    servicesOf: new Map([
      ['web-1', ['portal']],
      ['fw-1', ['portal', 'grid']],
    ]),
    observations: new Map([
      [
        'web-1',
        new Map([
          ['antivirus', { state: 'ok', value: null, at: NOW - HOUR }],
          ['hardening_score', { state: null, value: 72, at: NOW - HOUR }],
        ]),
      ],
      ['web-2', new Map([['antivirus', { state: 'ok', value: null, at: NOW - 3 * 24 * HOUR }]])],
      ['temp-1', new Map([['temperature', { state: null, value: 22.5, at: NOW - 10 * 60_000 }]])],
    ]),
    findings: new Map([['web-2', [{ priority: 'P1', due: '2026-12-01', cve: 'CVE-2024-21762' }]]]),
    attestations: [
      {
        control: 'MGT-IR-01',
        target: 'water',
        by: 'ciso',
        at: NOW - 10 * 24 * HOUR,
        expires: NOW + 100 * 24 * HOUR,
        note: 'reviewed',
      },
      {
        control: 'MGT-IR-01',
        target: 'energy',
        by: 'ciso',
        at: NOW - 400 * 24 * HOUR,
        expires: NOW - 24 * HOUR,
        note: 'old',
      },
    ],
    now: NOW,
    ...overrides,
  };
}

const statusOf = (results: ReturnType<typeof evaluateControls>) =>
  Object.fromEntries(results.map((r) => [r.key, r.status]));

describe('evaluateControls', () => {
  it('judges each kind of evidence on the assets in scope', () => {
    const results = evaluateControls(inputs());
    expect(statusOf(results)).toEqual({
      'SYS-AV-01|asset:web-1': 'pass',
      // Three days old against a one-day maximum: stale evidence fails.
      'SYS-AV-01|asset:web-2': 'stale',
      'SYS-HARD-01|asset:web-1': 'fail',
      'SYS-HARD-01|asset:web-2': 'missing',
      'SYS-PATCH-01|asset:web-1': 'pass',
      'SYS-PATCH-01|asset:web-2': 'fail',
      'SYS-PATCH-01|asset:fw-1': 'pass',
      'SYS-PATCH-01|asset:fw-2': 'pass',
      'SYS-PATCH-01|asset:temp-1': 'pass',
      // Zones compare case-insensitively; fw-2 is not in the DMZ.
      'NET-FW-01|asset:fw-1': 'pass',
      'PHY-ENV-01|asset:web-1': 'pass',
      'MGT-IR-01|department:water': 'pass',
      'MGT-IR-01|department:energy': 'stale',
    });
    const reason = (key: string) => results.find((r) => r.key === key)?.reason;
    expect(reason('SYS-HARD-01|asset:web-1')).toBe("'hardening_score' 72 1h ago");
    expect(reason('SYS-PATCH-01|asset:web-2')).toBe('1 open P1+ (CVE-2024-21762)');
    expect(reason('MGT-IR-01|department:energy')).toBe('attested by ciso, expired 2026-11-21');
  });

  it('fails environmental monitoring when the sensor is silent, out of range or stale', () => {
    const silent = inputs({
      assets: inputs().assets.map((a) => (a.id === 'temp-1' ? { ...a, status: 'silent' as const } : a)),
    });
    expect(statusOf(evaluateControls(silent))['PHY-ENV-01|asset:web-1']).toBe('fail');
    const hot = inputs({
      observations: new Map([['temp-1', new Map([['temperature', { state: null, value: 31, at: NOW - 60_000 }]])]]),
    });
    const result = evaluateControls(hot).find((r) => r.key === 'PHY-ENV-01|asset:web-1');
    expect(result).toMatchObject({
      status: 'fail',
      reason: 'temperature in zone server-room: no sensor reporting in range (temp-1)',
    });
    const noZone = inputs({ assets: inputs().assets.map((a) => (a.id === 'web-1' ? { ...a, zone: undefined } : a)) });
    expect(statusOf(evaluateControls(noZone))['PHY-ENV-01|asset:web-1']).toBe('missing');
  });

  it('keeps since-when across evaluations while the status holds, and restarts it on a change', () => {
    const first = evaluateControls(inputs());
    const previous = new Map(first.map((r) => [r.key, { status: r.status, since: '2026-11-01T00:00:00.000Z' }]));
    const later = evaluateControls(
      inputs({
        previous,
        now: NOW + HOUR,
        observations: new Map([['web-1', new Map([['hardening_score', { state: null, value: 91, at: NOW }]])]]),
      }),
    );
    const since = (key: string) => later.find((r) => r.key === key)?.since;
    expect(since('SYS-PATCH-01|asset:web-2')).toBe('2026-11-01T00:00:00.000Z');
    expect(since('SYS-HARD-01|asset:web-1')).toBe(new Date(NOW + HOUR).toISOString());
  });
});

describe('postureReport', () => {
  it('weights, rolls up per direction, department and service, and lists gaps oldest first', () => {
    const results = evaluateControls(inputs());
    const report = postureReport(results, {
      controls,
      departments: ['water', 'energy'],
      servicesOf: inputs().servicesOf,
      now: NOW,
    });
    // 13 results; patch weighs 2. System: anti-malware 1 of 2, hardening 0 of 2, patch 8 of 10 → 9/14.
    expect(report.city).toMatchObject({ results: 13, passing: 8, score: 66.7 });
    expect(report.city.directions).toEqual({
      physical: 100,
      system: 64.3,
      network: 100,
      data_application: null,
      management: 50,
    });
    expect(report.departments.map((d) => [d.id, d.score])).toEqual([
      ['water', 58.3],
      ['energy', 83.3],
    ]);
    // A service pools the results of every asset it runs on, whichever department owns them.
    expect(report.services.map((s) => [s.id, s.score])).toEqual([
      ['grid', 100],
      ['portal', 87.5],
    ]);
    expect(report.gaps.map((g) => `${g.control} ${g.target.id} ${g.status}`)).toEqual([
      'MGT-IR-01 energy stale',
      'SYS-AV-01 web-2 stale',
      'SYS-HARD-01 web-1 fail',
      'SYS-HARD-01 web-2 missing',
      'SYS-PATCH-01 web-2 fail',
    ]);
    expect(report.gaps[0]).toMatchObject({
      title: 'Incident response plan',
      department: 'energy',
      direction: 'management',
    });
  });
});
