import { describe, expect, it } from 'vitest';
import {
  breachNotifyBy,
  cleanEvidenceName,
  IncidentTemplateFile,
  newlyBreachedClocks,
  nextBreachState,
  personalDatasetsTouched,
  slaStateOf,
  templatedTitle,
  templateTasks,
  toIncidentTemplate,
} from './casework.ts';
import { currentOnCall } from './on-call.ts';
import { slaStatus } from './sla.ts';

const catalogue = [
  {
    id: 'meters',
    name: 'Meter readings',
    classification: 'internal',
    storedOn: ['db-1'],
    processedBy: [],
    services: [],
  },
  { id: 'customers', name: 'Customers', classification: 'personal', storedOn: ['db-1'], processedBy: [], services: [] },
  {
    id: 'health',
    name: 'Care records',
    classification: 'special_category',
    storedOn: [],
    processedBy: ['app-1'],
    services: ['care-portal'],
  },
] as const;

describe('personal-data breach clock', () => {
  it('finds personal and special-category datasets by stored-on, processed-by and service', () => {
    expect(personalDatasetsTouched({ assetIds: ['db-1'], serviceIds: [] }, catalogue).map((d) => d.id)).toEqual([
      'customers',
    ]);
    expect(personalDatasetsTouched({ assetIds: ['app-1'], serviceIds: [] }, catalogue).map((d) => d.id)).toEqual([
      'health',
    ]);
    expect(personalDatasetsTouched({ assetIds: [], serviceIds: ['care-portal'] }, catalogue)).toHaveLength(1);
    expect(personalDatasetsTouched({ assetIds: ['other'], serviceIds: [] }, catalogue)).toEqual([]);
  });

  it('starts once, adds later datasets without restarting, and gives notify-by 72 h after the start', () => {
    const customers = personalDatasetsTouched({ assetIds: ['db-1'], serviceIds: [] }, catalogue);
    const first = nextBreachState({ datasets: [], clockStartedAt: null }, customers);
    expect(first).toMatchObject({ start: true, added: [{ id: 'customers' }] });
    expect(nextBreachState({ datasets: customers, clockStartedAt: '2026-03-01T08:00:00.000Z' }, customers)).toBeNull();
    const both = personalDatasetsTouched({ assetIds: ['db-1', 'app-1'], serviceIds: [] }, catalogue);
    const later = nextBreachState({ datasets: customers, clockStartedAt: '2026-03-01T08:00:00.000Z' }, both);
    expect(later).toMatchObject({ start: false, added: [{ id: 'health' }] });
    expect(nextBreachState({ datasets: [], clockStartedAt: null }, [])).toBeNull();
    expect(breachNotifyBy('2026-03-01T08:00:00.000Z')).toBe('2026-03-04T08:00:00.000Z');
  });
});

describe('SLA breaches', () => {
  const input = {
    createdAt: '2026-03-01T08:00:00.000Z',
    severity: 'medium' as const,
    serviceCriticality: 'low' as const,
    slaFactor: 1,
    statusHistory: [],
  };

  it('reports each breached clock until it is recorded', () => {
    const late = slaStatus(input, new Date('2026-03-01T17:00:00.000Z'));
    expect(newlyBreachedClocks(late, new Set())).toEqual(['acknowledge']);
    expect(newlyBreachedClocks(late, new Set(['acknowledge']))).toEqual([]);
    expect(slaStateOf(late)).toBe('breached');
    expect(slaStateOf(slaStatus(input, new Date('2026-03-01T09:00:00.000Z')))).toBe('running');
  });
});

describe('templates', () => {
  const template = toIncidentTemplate(
    IncidentTemplateFile.parse({
      type: 'malware',
      name: 'Malware',
      title_prefix: 'Malware: ',
      tasks: [{ title: 'Isolate', due: '1h' }, { title: 'Report' }],
    }),
  );

  it('prefixes the title once and dates tasks from the opening', () => {
    expect(templatedTitle(template, 'Billing server')).toBe('Malware: Billing server');
    expect(templatedTitle(template, 'malware: billing server')).toBe('malware: billing server');
    expect(templateTasks(template, '2026-03-01T08:00:00.000Z').map((t) => t.due)).toEqual([
      '2026-03-01T09:00:00.000Z',
      null,
    ]);
    expect(IncidentTemplateFile.safeParse({ type: 'Bad Type', name: 'x' }).success).toBe(false);
  });
});

describe('evidence names', () => {
  it('keeps the base name without control characters or quotes', () => {
    expect(cleanEvidenceName('../../etc/pass"wd')).toBe('passwd');
    expect(cleanEvidenceName('C:\\Users\\x\\dump.pcap')).toBe('dump.pcap');
    expect(cleanEvidenceName('a\u0000b\nc.txt')).toBe('abc.txt');
    expect(cleanEvidenceName('..')).toBeNull();
    expect(cleanEvidenceName('dir/')).toBeNull();
  });
});

describe('on-call rotation', () => {
  const rotation = { userIds: ['ann', 'bob', 'cid'], startsAt: '2026-03-02T08:00:00.000Z', shiftHours: 168 };

  it('hands over every shift, wrapping around, and says until when', () => {
    expect(currentOnCall(rotation, new Date('2026-03-03T00:00:00.000Z'))).toEqual({
      userId: 'ann',
      until: '2026-03-09T08:00:00.000Z',
    });
    expect(currentOnCall(rotation, new Date('2026-03-09T08:00:00.000Z'))?.userId).toBe('bob');
    expect(currentOnCall(rotation, new Date('2026-03-24T08:00:00.000Z'))?.userId).toBe('ann');
    expect(currentOnCall(rotation, new Date('2026-01-01T00:00:00.000Z'))?.userId).toBe('ann');
    expect(currentOnCall({ ...rotation, userIds: [] }, new Date())).toBeNull();
  });
});
