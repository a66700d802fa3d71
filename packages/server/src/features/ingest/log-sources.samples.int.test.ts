import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LogSourceSet, type NormalisedEvent } from '@citysoc/core';
import { loadLogSources } from './log-sources.loader.ts';

// CI clones the repository with shared/ beside it; the samples are never copied into the repository.
const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const DATA = path.resolve(REPO_ROOT, '../shared/data');

function lines(relative: string): string[] {
  const buffer = readFileSync(path.join(DATA, relative));
  const text = relative.endsWith('.gz') ? gunzipSync(buffer).toString('utf8') : buffer.toString('utf8');
  return text.split('\n').filter((line) => line !== '');
}
function lineWith(relative: string, needle: string): string {
  const found = lines(relative).find((line) => line.includes(needle));
  if (found === undefined) throw new Error(`no line with ${needle} in ${relative}`);
  return found;
}
/** Wazuh log tests: `log N pass = <raw line>`. */
function wazuhLine(file: string, needle: string): string {
  return lineWith(`wazuh-ruleset-logtests/${file}`, needle).replace(/^log \d+ \w+ = /, '');
}
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function at(event: NormalisedEvent, dotted: string): unknown {
  let node: unknown = event.fields;
  for (const key of dotted.split('.')) {
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return node;
}

let set: LogSourceSet;
beforeAll(async () => {
  set = await loadLogSources();
});

describe('suricata-eve on surevego samples', () => {
  it('maps an alert to rule, addresses and transport', () => {
    const event = set.normaliseText(lineWith('suricata-eve/surevego-eve.ndjson', '"event_type":"alert"'));
    expect(event.source).toBe('suricata-eve');
    expect(at(event, 'event.kind')).toBe('alert');
    expect(at(event, 'rule.id')).toBe('2013504');
    expect(at(event, 'rule.name')).toBe(
      'ET POLICY GNU/Linux APT User-Agent Outbound likely related to package management',
    );
    expect(at(event, 'source.ip')).toBe('172.17.0.2');
    expect(at(event, 'destination.port')).toBe(80);
    expect(at(event, 'network.transport')).toBe('tcp');
    expect(event.timestamp).toBe('2017-01-30T15:12:36.066Z');
  });

  it('maps dns, fileinfo and flow records', () => {
    const dns = set.normaliseText(
      lineWith('suricata-eve/surevego-eve.ndjson', '"rrname":"_http._tcp.security.debian.org"'),
    );
    expect(at(dns, 'dns.question.name')).toBe('_http._tcp.security.debian.org');
    const file = set.normaliseText(lineWith('suricata-eve/surevego-eve.ndjson', '"event_type":"fileinfo"'));
    expect(at(file, 'file.path')).toBe('/debian/pool/main/p/perl/perl-base_5.24.1-1_amd64.deb');
    expect(at(file, 'event.category')).toEqual(['file', 'network']);
    const flow = set.normaliseText(lineWith('suricata-eve/surevego-eve.ndjson', '"event_type":"flow"'));
    expect(at(flow, 'destination.bytes')).toBe(10333230);
  });

  it('keeps every line of the broken sample: broken JSON reported, garbage kept as text, nothing thrown', () => {
    const events = lines('suricata-eve/surevego-eve_broken.ndjson').map((line) => set.normaliseText(line));
    expect(events.filter((e) => e.parseError?.startsWith('invalid JSON'))).toHaveLength(2);
    expect(events.filter((e) => e.source === 'generic')).toHaveLength(6);
    expect(events.filter((e) => e.source === 'suricata-eve').length).toBeGreaterThan(250);
    const badTime = events.find((e) => e.raw.includes('+0100asloefbnjhowebfg'))!;
    expect(badTime).toMatchObject({ source: 'suricata-eve', timestamp: null });
  });
});

describe('zeek on WRCCDC and Stratosphere samples', () => {
  it('maps notice, weird and modbus', () => {
    const notice = set.normaliseText(lines('zeek-wrccdc/zeek-json/notice.ndjson')[0]!);
    expect(notice.source).toBe('zeek');
    expect(at(notice, 'rule.name')).toBe('SSL::Invalid_Server_Cert');
    expect(at(notice, 'source.ip')).toBe('10.164.94.120');
    expect(notice.timestamp).toBe('2018-03-24T17:15:20.629Z');
    const weird = set.normaliseText(lines('zeek-wrccdc/zeek-json/weird.ndjson')[0]!);
    expect(at(weird, 'rule.name')).toBe('TCP_ack_underflow_or_misorder');
    const modbus = set.normaliseText(lines('zeek-wrccdc/zeek-json/modbus.ndjson')[0]!);
    expect(at(modbus, 'zeek.modbus.function')).toBe('unknown-100');
    expect(at(modbus, 'destination.port')).toBe(502);
  });

  it('maps dns and ssl from the gzipped logs', () => {
    const dns = set.normaliseText(lines('zeek-wrccdc/zeek-json/dns.json.gz')[0]!);
    expect(at(dns, 'dns.question.name')).toBe('ise.wrccdc.org');
    const ssl = set.normaliseText(lines('zeek-wrccdc/zeek-json/ssl.json.gz')[0]!);
    expect(at(ssl, 'tls.cipher')).toBe('TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA');
  });

  it('recognises conn records without _path and epoch ts', () => {
    const conn = set.normaliseText(lines('stratosphere-labelled-zeek/002-zeek-scenario-port-scanning/conn.log')[0]!);
    expect(conn.source).toBe('zeek');
    expect(at(conn, 'event.dataset')).toBe('conn');
    expect(at(conn, 'zeek.conn.state')).toBe('SHR');
    expect(conn.timestamp).toBe('2022-09-29T14:40:56.755Z');
  });
});

describe('windows on Security-Datasets and Sigma regression data', () => {
  it('maps the flat shape and keeps event data', () => {
    const line = lineWith(
      'security-datasets/cmd_bitsadmin_download_psh_script/cmd_bitsadmin_download_psh_script_2020-10-2302365189.ndjson',
      '"EventID":4688',
    );
    const event = set.normaliseText(line);
    expect(event.source).toBe('windows');
    expect(at(event, 'winlog.event_id')).toBe(4688);
    expect(at(event, 'winlog.channel')).toBe('Security');
    expect(at(event, 'winlog.provider_name')).toBe('Microsoft-Windows-Security-Auditing');
    expect(at(event, 'host.name')).toBe('WORKSTATION5');
    expect(at(event, 'winlog.event_data.NewProcessName')).toBe('C:\\Windows\\System32\\bitsadmin.exe');
    expect(event.original).toHaveProperty('CommandLine');
  });

  it('maps the nested EVTX shape', () => {
    const file =
      'sigma/regression_data/rules/windows/file/file_event/file_event_win_creation_system_file/d5866ddf-ce8f-4aea-b28e-d96485a20d3d.json';
    const record: unknown = JSON.parse(readFileSync(path.join(DATA, file), 'utf8'));
    if (!isRecord(record)) throw new Error(`${file} is not a JSON object`);
    const event = set.normaliseObject(record);
    expect(event.source).toBe('windows');
    expect(at(event, 'winlog.event_id')).toBe(11);
    expect(at(event, 'winlog.channel')).toBe('Microsoft-Windows-Sysmon/Operational');
    expect(at(event, 'winlog.provider_name')).toBe('Microsoft-Windows-Sysmon');
    expect(at(event, 'host.name')).toBe('ar-win-dc.attackrange.local');
    expect(at(event, 'winlog.event_data.TargetFilename')).toBe('C:\\bitsadmin.exe');
    expect(event.timestamp).toBe('2025-10-24T23:41:48.497Z');
  });
});

describe('cloudtrail on ec2_proxy_s3_exfiltration', () => {
  it('maps action, provider, source and user', () => {
    const event = set.normaliseText(
      lines('security-datasets/ec2_proxy_s3_exfiltration/ec2_proxy_s3_exfiltration_2020-09-14011940.ndjson')[0]!,
    );
    expect(event.source).toBe('cloudtrail');
    expect(at(event, 'event.action')).toBe('DescribeInstanceTypes');
    expect(at(event, 'event.provider')).toBe('ec2.amazonaws.com');
    expect(at(event, 'source.ip')).toBe('1.2.3.4');
    expect(at(event, 'user.name')).toBe('pedro');
    expect(at(event, 'cloud.region')).toBe('us-east-1');
    expect(at(event, 'cloud.account.id')).toBe('123456789123');
    expect(event.timestamp).toBe('2020-09-14T00:44:23.000Z');
  });
});

describe('linux-auth and syslog on loghub and Wazuh lines', () => {
  it('maps an OpenSSH failed password for an invalid user', () => {
    const event = set.normaliseText(lineWith('loghub/OpenSSH/OpenSSH_2k.log', 'Failed password for invalid user'));
    expect(event.source).toBe('linux-auth');
    expect(at(event, 'event.category')).toEqual(['authentication']);
    expect(at(event, 'event.outcome')).toBe('failure');
    expect(typeof at(event, 'user.name')).toBe('string');
    expect(at(event, 'source.ip')).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('maps an accepted login and a PAM failure (loghub Linux)', () => {
    const ok = set.normaliseText(lineWith('loghub/OpenSSH/OpenSSH_2k.log', 'Accepted password for fztu'));
    expect(ok.fields).toMatchObject({
      user: { name: 'fztu' },
      source: { ip: '119.137.62.142', port: 49116 },
      event: { outcome: 'success' },
    });
    const pam = set.normaliseText(
      lineWith('loghub/Linux/Linux_2k.log', 'rhost=220-135-151-1.hinet-ip.hinet.net  user=root'),
    );
    expect(pam.source).toBe('linux-auth');
    expect(pam.fields).toMatchObject({ user: { name: 'root' }, event: { outcome: 'failure' } });
  });

  it('maps a sudo command (Wazuh sudo test)', () => {
    const event = set.normaliseText(wazuhLine('sudo.ini', 'COMMAND=/sbin/chown'));
    expect(event.fields).toMatchObject({
      user: { name: 'dcid', target: { name: 'root' } },
      process: { command_line: '/sbin/chown dcid.dcid .' },
    });
  });

  it('keeps other syslog lines as syslog (Junos, NetScreen) and header-less Cisco ASA as text', () => {
    const junos = set.normaliseText(wazuhLine('junos.ini', 'RT_FLOW_SESSION_DENY'));
    expect(junos).toMatchObject({ source: 'syslog', original: { hostname: '192.168.1.1', appname: 'junos-flow' } });
    const netscreen = set.normaliseText(wazuhLine('netscreen.ini', 'System configuration saved'));
    expect(netscreen).toMatchObject({
      source: 'syslog',
      timestamp: '2014-05-23T14:25:58.681Z',
      original: { appname: 'ssg5-serial' },
    });
    const asa = set.normaliseText(wazuhLine('cisco_asa.ini', '%ASA-2-106001'));
    expect(asa).toMatchObject({ source: 'generic', fields: { message: expect.stringMatching(/^%ASA-2-106001/) } });
  });

  it('keeps Check Point and Palo Alto lines as syslog with their message', () => {
    const checkpoint = set.normaliseText(wazuhLine('checkpoint_smart1.ini', 'action:"Drop"'));
    expect(checkpoint).toMatchObject({
      source: 'syslog',
      timestamp: '2019-05-15T16:25:50.000Z',
      original: { appname: 'CheckPoint' },
    });
    const palo = set.normaliseText(wazuhLine('paloalto.ini', 'TRAFFIC,drop'));
    expect(palo.source).toBe('syslog');
    expect(String(at(palo, 'message'))).toContain('TRAFFIC,drop');
  });

  it('keeps SonicWall key=value lines without syslog header as generic text, pairs readable by kv sources', () => {
    const event = set.normaliseText(wazuhLine('SonicWall.ini', 'msg="TCP connection dropped"'));
    expect(event.source).toBe('generic');
    expect(event.raw).toContain('sn=00301E0526B1');
  });

  it('keeps an Apache error log line as generic text', () => {
    const event = set.normaliseText(lines('loghub/Apache/Apache_2k.log')[0]!);
    expect(event).toMatchObject({ source: 'generic', original: null });
  });
});

describe('iptables, cef and device-telemetry', () => {
  it('maps a netfilter LOG line', () => {
    const event = set.normaliseText(
      'Mar  3 10:01:02 gw kernel: [12345.678901] DROP IN=eth0 OUT= MAC=00:16:3e:aa SRC=198.51.100.7 DST=10.1.2.3 LEN=60 TOS=0x00 PROTO=TCP SPT=40000 DPT=23 WINDOW=1024 SYN',
    );
    expect(event.source).toBe('iptables');
    expect(event.fields).toMatchObject({
      source: { ip: '198.51.100.7', port: 40000 },
      destination: { ip: '10.1.2.3', port: 23 },
      network: { transport: 'tcp' },
    });
  });

  it('maps a CEF line inside syslog', () => {
    const event = set.normaliseText(
      '<134>Feb 14 19:04:54 fw01 CEF:0|Fortinet|FortiGate|7.0|13|traffic denied|5|src=192.0.2.10 dst=10.0.0.5 spt=5555 dpt=445 proto=TCP act=deny',
    );
    expect(event.source).toBe('cef');
    expect(event.fields).toMatchObject({
      observer: { vendor: 'Fortinet' },
      source: { ip: '192.0.2.10' },
      destination: { port: 445 },
      event: { action: 'deny', severity: 5 },
    });
  });

  it('maps CitySOC device telemetry', () => {
    const event = set.normaliseObject({
      device_id: 'tsc-0042',
      metric: 'temperature',
      value: 21.5,
      unit: 'C',
      state: 'OK',
      ts: '2026-03-01T10:00:00Z',
    });
    expect(event.source).toBe('device-telemetry');
    expect(event.fields).toMatchObject({
      device: { id: 'tsc-0042' },
      event: { kind: 'metric' },
      citysoc: { telemetry: { metric: 'temperature', value: 21.5, unit: 'C', state: 'ok' } },
    });
    expect(event.timestamp).toBe('2026-03-01T10:00:00.000Z');
  });
});

describe('every sample line is kept', () => {
  it('normalises whole files without throwing and with raw equal to the input', () => {
    for (const file of [
      'loghub/Linux/Linux_2k.log',
      'loghub/OpenSSH/OpenSSH_2k.log',
      'zeek-wrccdc/zeek-json/syslog.ndjson',
    ]) {
      for (const line of lines(file)) expect(set.normaliseText(line).raw).toBe(line);
    }
  });
});
