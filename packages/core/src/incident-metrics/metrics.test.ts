import { describe, expect, it } from 'vitest';
import {
  durationStats,
  groupIncidents,
  incidentTimes,
  type MetricsIncident,
  periodStart,
  periodsBetween,
  summarizeIncidents,
} from './metrics.ts';
import { incidentMetrics, monthlyFigures, monthsEndingWith, type ReportIncident } from './monthly.ts';
import { durationText, rateText } from './format.ts';
import { highestTlp } from './tlp.ts';

const incident = (overrides: Partial<ReportIncident> & Pick<MetricsIncident, 'id' | 'createdAt'>): ReportIncident => ({
  ref: `INC-${overrides.id}`,
  title: overrides.id,
  severity: 'medium',
  departmentId: 'water',
  teamId: null,
  statusHistory: [],
  resolutionKind: null,
  serviceCriticality: 'low',
  slaFactor: 1,
  firstEvidenceAt: null,
  serviceIds: [],
  techniques: [],
  ...overrides,
});

// Four cases of March 2026, worked out by hand in the comments; read at 1 April.
/** High on a critical service (targets 30m / 4h / 2d): detected 30m after the evidence, worked cleanly. */
const i1 = incident({
  id: 'i1',
  severity: 'high',
  serviceCriticality: 'critical',
  teamId: 't1',
  createdAt: '2026-03-02T10:00:00.000Z',
  firstEvidenceAt: '2026-03-02T09:30:00.000Z',
  statusHistory: [
    { at: '2026-03-02T10:10:00.000Z', to: 'triage' }, // MTTA 10m
    { at: '2026-03-02T11:00:00.000Z', to: 'containment' },
    { at: '2026-03-02T12:00:00.000Z', to: 'eradication' }, // MTTC 120m
    { at: '2026-03-02T14:00:00.000Z', to: 'recovery' },
    { at: '2026-03-02T16:00:00.000Z', to: 'post_incident' }, // MTTR 360m
    { at: '2026-03-03T09:00:00.000Z', to: 'closed' },
  ],
  resolutionKind: 'true_positive',
  serviceIds: ['water-supply'],
  techniques: ['T0883', 'T1078'],
});
/** Medium on a low service (8h / 3d / 14d), opened by hand: acknowledged after 9h (breach), a false positive. */
const i2 = incident({
  id: 'i2',
  createdAt: '2026-03-05T00:00:00.000Z',
  statusHistory: [
    { at: '2026-03-05T09:00:00.000Z', to: 'triage' },
    { at: '2026-03-05T10:00:00.000Z', to: 'closed' },
  ],
  resolutionKind: 'false_positive',
});
/** Critical on a critical service (15m / 2h / 1d), evidence 2h before: still in containment, past both targets. */
const i3 = incident({
  id: 'i3',
  severity: 'critical',
  serviceCriticality: 'critical',
  departmentId: 'energy',
  teamId: 't1',
  createdAt: '2026-03-10T00:00:00.000Z',
  firstEvidenceAt: '2026-03-09T22:00:00.000Z',
  statusHistory: [{ at: '2026-03-10T00:05:00.000Z', to: 'containment' }],
  serviceIds: ['grid', 'water-supply'],
  techniques: ['T0883'],
});
/** Low, city-wide (2d / 14d / 30d), evidence a day before: contained, re-infected, contained again after 3 days. */
const i4 = incident({
  id: 'i4',
  severity: 'low',
  departmentId: null,
  createdAt: '2026-03-20T00:00:00.000Z',
  firstEvidenceAt: '2026-03-19T00:00:00.000Z',
  statusHistory: [
    { at: '2026-03-20T01:00:00.000Z', to: 'containment' },
    { at: '2026-03-20T05:00:00.000Z', to: 'eradication' },
    { at: '2026-03-21T00:00:00.000Z', to: 'recovery' },
    { at: '2026-03-22T00:00:00.000Z', to: 'containment' },
    { at: '2026-03-23T00:00:00.000Z', to: 'eradication' },
  ],
});
const march = [i1, i2, i3, i4];
const asOf = new Date('2026-04-01T00:00:00.000Z');

describe('incidentTimes', () => {
  it('measures detection, acknowledgement, containment and resolution from the status history', () => {
    expect(incidentTimes(i1, asOf)).toEqual({
      status: 'closed',
      detectMs: 30 * 60_000,
      acknowledgeMs: 10 * 60_000,
      containMs: 120 * 60_000,
      resolveMs: 360 * 60_000,
      sla: { acknowledge: 'met', contain: 'met', resolve: 'met' },
    });
  });

  it('counts containment from the last time the case entered a contained phase', () => {
    expect(incidentTimes(i4, asOf).containMs).toBe(3 * 24 * 60 * 60_000);
    expect(incidentTimes(i4, asOf).sla).toEqual({ acknowledge: 'met', contain: 'met', resolve: 'pending' });
  });

  it('leaves a false positive out of containment and resolution, but not out of the SLA', () => {
    expect(incidentTimes(i2, asOf)).toMatchObject({
      detectMs: null,
      acknowledgeMs: 540 * 60_000,
      containMs: null,
      resolveMs: null,
      sla: { acknowledge: 'breached', contain: 'met', resolve: 'met' },
    });
  });

  it('reads the history as it stood at the given time', () => {
    const early = incidentTimes(i1, new Date('2026-03-02T11:30:00.000Z'));
    expect(early).toMatchObject({ status: 'containment', acknowledgeMs: 600_000, containMs: null, resolveMs: null });
    expect(early.sla).toEqual({ acknowledge: 'met', contain: 'pending', resolve: 'pending' });
  });
});

describe('durationStats', () => {
  it('gives mean, median (middle pair averaged) and nearest-rank p90 in minutes', () => {
    expect(durationStats([5, 10, 60, 540].map((m) => m * 60_000))).toEqual({
      count: 4,
      meanMinutes: 153.75,
      medianMinutes: 35,
      p90Minutes: 540,
    });
    expect(durationStats([])).toEqual({ count: 0, meanMinutes: null, medianMinutes: null, p90Minutes: null });
  });
});

describe('summarizeIncidents', () => {
  it('summarises the four March cases as computed by hand', () => {
    expect(summarizeIncidents(march, asOf)).toEqual({
      incidents: 4,
      open: 2,
      closed: 2,
      mttd: { count: 3, meanMinutes: 530, medianMinutes: 120, p90Minutes: 1440 },
      mtta: { count: 4, meanMinutes: 153.75, medianMinutes: 35, p90Minutes: 540 },
      mttc: { count: 2, meanMinutes: 2220, medianMinutes: 2220, p90Minutes: 4320 },
      mttr: { count: 1, meanMinutes: 360, medianMinutes: 360, p90Minutes: 360 },
      sla: {
        acknowledge: { met: 3, breached: 1, pending: 0, rate: 0.75 },
        contain: { met: 3, breached: 1, pending: 0, rate: 0.75 },
        resolve: { met: 2, breached: 1, pending: 1, rate: 2 / 3 },
      },
    });
  });
});

describe('grouping and periods', () => {
  it('groups by department (city-wide last), team and severity (critical first)', () => {
    const byDepartment = groupIncidents(march, 'department', asOf);
    expect(byDepartment.map((g) => [g.key, g.summary.incidents])).toEqual([
      ['water', 2],
      ['energy', 1],
      [null, 1],
    ]);
    expect(groupIncidents(march, 'team', asOf).map((g) => [g.key, g.summary.incidents])).toEqual([
      ['t1', 2],
      [null, 2],
    ]);
    expect(groupIncidents(march, 'severity', asOf).map((g) => g.key)).toEqual(['critical', 'high', 'medium', 'low']);
  });

  it('starts weeks on Monday and months on the 1st, in UTC', () => {
    expect(periodStart(new Date('2026-03-01T23:00:00Z'), 'week').toISOString()).toBe('2026-02-23T00:00:00.000Z');
    expect(periodStart(new Date('2026-03-02T00:00:00Z'), 'week').toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(periodStart(new Date('2026-03-31T23:59:59Z'), 'month').toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(periodsBetween(new Date('2026-01-15Z'), new Date('2026-03-01Z'), 'month')).toHaveLength(2);
  });

  it('answers the metrics request with labelled groups and a weekly trend', () => {
    const metrics = incidentMetrics(
      march,
      { from: new Date('2026-03-01Z'), to: asOf, asOf, groupBy: 'department', interval: 'week' },
      { department: (id) => (id === null ? 'City-wide' : id.toUpperCase()), team: (id) => id ?? 'No team' },
    );
    expect(metrics.groups.map((g) => g.label)).toEqual(['WATER', 'ENERGY', 'City-wide']);
    expect(metrics.trend.map((p) => [p.label, p.summary.incidents])).toEqual([
      ['2026-02-23', 0],
      ['2026-03-02', 2],
      ['2026-03-09', 1],
      ['2026-03-16', 1],
      ['2026-03-23', 0],
      ['2026-03-30', 0],
    ]);
    expect(metrics.overall.incidents).toBe(4);
  });
});

describe('monthlyFigures', () => {
  const february = incident({
    id: 'i0',
    severity: 'high',
    createdAt: '2026-02-20T00:00:00.000Z',
    firstEvidenceAt: '2026-02-19T23:00:00.000Z',
    statusHistory: [
      { at: '2026-02-20T00:30:00.000Z', to: 'triage' },
      { at: '2026-03-03T00:00:00.000Z', to: 'closed' },
    ],
    resolutionKind: 'benign',
  });
  const names = {
    department: (id: string | null) => id ?? 'City-wide',
    team: (id: string | null) => id ?? 'No team',
    service: (id: string) => ({ name: id === 'grid' ? 'Power grid' : 'Drinking water', criticality: 'critical' }),
    technique: (id: string) => (id === 'T0883' ? 'Internet Accessible Device' : id),
  };

  it('counts the month: opened, closed, open at either end, by severity, service, department and technique', () => {
    const figures = monthlyFigures([february, ...march], '2026-03', asOf, names);
    expect(figures.activity).toEqual({ opened: 4, closed: 3, openAtStart: 1, openAtEnd: 2 });
    expect(figures.bySeverity).toEqual([
      { severity: 'critical', opened: 1, openAtEnd: 1 },
      { severity: 'high', opened: 1, openAtEnd: 0 },
      { severity: 'medium', opened: 1, openAtEnd: 0 },
      { severity: 'low', opened: 1, openAtEnd: 1 },
    ]);
    expect(figures.byService.map((s) => [s.name, s.incidents])).toEqual([
      ['Drinking water', 2],
      ['Power grid', 1],
    ]);
    expect(figures.byDepartment.map((d) => [d.id, d.incidents])).toEqual([
      ['water', 2],
      [null, 1],
      ['energy', 1],
    ]);
    expect(figures.techniques).toEqual([
      { id: 'T0883', name: 'Internet Accessible Device', incidents: 2 },
      { id: 'T1078', name: 'T1078', incidents: 1 },
    ]);
    expect(figures.incidents.map((i) => [i.ref, i.status])).toEqual([
      ['INC-i3', 'containment'],
      ['INC-i1', 'closed'],
      ['INC-i2', 'closed'],
      ['INC-i4', 'eradication'],
    ]);
  });

  it('counts the personal-data breaches of the month by whether the 72-hour notice was kept', () => {
    const breach = (id: string, notified: string | null) =>
      incident({
        id,
        createdAt: '2026-03-05T00:00:00.000Z',
        breachStartedAt: '2026-03-05T01:00:00.000Z',
        breachNotifiedAt: notified,
      });
    const figures = monthlyFigures(
      [
        breach('b1', '2026-03-08T01:00:00.000Z'),
        breach('b2', '2026-03-08T01:00:01.000Z'),
        breach('b3', null),
        breach('b4', '2026-04-02T00:00:00.000Z'),
        i1,
      ],
      '2026-03',
      asOf,
      names,
    );
    expect(figures.personalDataBreaches).toEqual({ total: 4, notifiedInTime: 1, notifiedLate: 1, notNotified: 2 });
  });

  it('trends MTTD and MTTR over the month and the five before it', () => {
    const figures = monthlyFigures([february, ...march], '2026-03', asOf, names);
    expect(figures.trend.map((t) => [t.month, t.incidents, t.mttd.meanMinutes, t.mttr.meanMinutes])).toEqual([
      ['2025-10', 0, null, null],
      ['2025-11', 0, null, null],
      ['2025-12', 0, null, null],
      ['2026-01', 0, null, null],
      ['2026-02', 1, 60, null],
      ['2026-03', 4, 530, 360],
    ]);
    expect(monthsEndingWith('2026-01', 3)).toEqual(['2025-11', '2025-12', '2026-01']);
  });
});

describe('highestTlp', () => {
  it('marks with the most restrictive level, never below amber', () => {
    expect(highestTlp([])).toBe('amber');
    expect(highestTlp(['clear', 'green'])).toBe('amber');
    expect(highestTlp(['green', 'red', 'amber+strict'])).toBe('red');
  });
});

describe('durationText and rateText', () => {
  it('writes minutes, hours and days, and whole percents', () => {
    expect([null, 45, 125, 60, 4560, 2880].map(durationText)).toEqual([
      '-',
      '45 min',
      '2 h 5 min',
      '1 h',
      '3 d 4 h',
      '2 d',
    ]);
    expect([null, 2 / 3, 1].map(rateText)).toEqual(['-', '67 %', '100 %']);
  });
});
