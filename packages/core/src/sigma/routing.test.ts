import { describe, expect, it } from 'vitest';
import { routeFor, type EventSource } from './routing.ts';
import { type SigmaLogSource } from './types.ts';

const sysmon = (id: number): EventSource => ({ channel: 'microsoft-windows-sysmon/operational', eventId: String(id) });
const routes = (logsource: SigmaLogSource, source: EventSource): boolean => {
  const route = routeFor(logsource);
  return route === null || route(source);
};

describe('log-source routing', () => {
  it('sends process creation to Sysmon 1 and Security 4688 only', () => {
    const pc = { product: 'windows', category: 'process_creation' };
    expect(routes(pc, sysmon(1))).toBe(true);
    expect(routes(pc, { channel: 'security', eventId: '4688' })).toBe(true);
    expect(routes(pc, sysmon(13))).toBe(false);
    expect(routes(pc, { channel: 'security', eventId: '4624' })).toBe(false);
  });

  it('maps registry and pipe categories to their Sysmon ids', () => {
    expect(routes({ product: 'windows', category: 'registry_event' }, sysmon(14))).toBe(true);
    expect(routes({ product: 'windows', category: 'registry_set' }, sysmon(12))).toBe(false);
    expect(routes({ product: 'windows', category: 'pipe_created' }, sysmon(18))).toBe(true);
  });

  it('maps services to channels, any event id', () => {
    expect(routes({ product: 'windows', service: 'security' }, { channel: 'security', eventId: '4701' })).toBe(true);
    expect(routes({ product: 'windows', service: 'system' }, { channel: 'security', eventId: '4701' })).toBe(false);
    const ps = { product: 'windows', category: 'ps_script' };
    expect(routes(ps, { channel: 'microsoft-windows-powershell/operational', eventId: '4104' })).toBe(true);
    expect(routes(ps, { channel: 'microsoft-windows-powershell/operational', eventId: '4103' })).toBe(false);
  });

  it('never excludes on what an event does not say', () => {
    const pc = { product: 'windows', category: 'process_creation' };
    expect(routes(pc, { channel: '', eventId: '' })).toBe(true);
    expect(routes(pc, { channel: '', eventId: '1' })).toBe(true);
    expect(routes({ product: 'windows', category: 'brand_new_category' }, sysmon(1))).toBe(true);
    expect(routes({ product: 'windows', service: 'brand-new-service' }, sysmon(1))).toBe(true);
  });

  it('keeps other products off Windows event-log records, and only off them', () => {
    expect(routes({ product: 'linux', category: 'process_creation' }, sysmon(1))).toBe(false);
    expect(routes({ product: 'aws', service: 'cloudtrail' }, sysmon(1))).toBe(false);
    expect(routes({ product: 'aws', service: 'cloudtrail' }, { channel: '', eventId: '' })).toBe(true);
    // A lone Channel (e.g. a radio channel in IoT telemetry) does not make an event a Windows record.
    expect(routes({ product: 'citysoc', category: 'iot' }, { channel: '6', eventId: '' })).toBe(true);
    expect(routes({ category: 'antivirus' }, sysmon(1))).toBe(true);
    expect(routes({ category: 'proxy' }, sysmon(1))).toBe(false);
  });

  it('routes Linux categories to Sysmon for Linux ids', () => {
    const linux: EventSource = { channel: 'linux-sysmon/operational', eventId: '1' };
    expect(routes({ product: 'linux', category: 'process_creation' }, linux)).toBe(true);
    expect(routes({ product: 'linux', category: 'network_connection' }, linux)).toBe(false);
    expect(routes({ product: 'windows', category: 'process_creation' }, linux)).toBe(false);
  });
});
