import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LogSourceSet, type NormalisedEvent } from '@citysoc/core';
import { replayFile } from './file-replay.ts';
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
/** Every `log N pass = <raw line>` of a Wazuh log test file. */
function wazuhLines(file: string): string[] {
  return lines(`wazuh-ruleset-logtests/${file}`)
    .filter((line) => /^log \d+ \w+ = /.test(line))
    .map((line) => line.replace(/^log \d+ \w+ = /, ''));
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

  it('keeps other syslog lines as syslog (NetScreen)', () => {
    const netscreen = set.normaliseText(wazuhLine('netscreen.ini', 'System configuration saved'));
    expect(netscreen).toMatchObject({
      source: 'syslog',
      timestamp: '2014-05-23T14:25:58.681Z',
      original: { appname: 'ssg5-serial' },
    });
  });

  it('keeps an Apache error log line as generic text', () => {
    const event = set.normaliseText(lines('loghub/Apache/Apache_2k.log')[0]!);
    expect(event).toMatchObject({ source: 'generic', original: null });
  });
});

describe('cisco-asa on the Wazuh cisco_asa.ini lines', () => {
  const asa = (needle: string) => set.normaliseText(wazuhLine('cisco_asa.ini', needle));

  it('recognises every line of the file, header-less, and keeps its message id, level and text', () => {
    const all = wazuhLines('cisco_asa.ini');
    expect(all).toHaveLength(87);
    for (const line of all) {
      const event = set.normaliseText(line);
      expect(event.source).toBe('cisco-asa');
      const [, level, id] = /%ASA-(\d)-(\d{6})/.exec(line)!;
      expect(event.fields).toMatchObject({
        event: { code: id, severity: Number(level), dataset: 'cisco.asa' },
        observer: { vendor: 'Cisco', product: 'ASA', type: 'firewall' },
      });
      expect(line.endsWith(String(at(event, 'message')))).toBe(true);
    }
  });

  it('maps the connection denies 106001, 106006, 106015 and 106023', () => {
    expect(asa('%ASA-2-106001').fields).toMatchObject({
      event: { action: 'deny', type: ['connection', 'denied'], outcome: 'failure' },
      source: { ip: '111.93.241.59', port: 54322 },
      destination: { ip: '116.6.127.122', port: 1433 },
      network: { transport: 'tcp' },
      observer: { ingress: { interface: { name: 'outside' } } },
    });
    expect(asa('%ASA-2-106006').fields).toMatchObject({
      source: { ip: '185.158.113.158', port: 53306 },
      destination: { ip: '116.6.127.123', port: 53413 },
      network: { transport: 'udp' },
      event: { outcome: 'failure' },
    });
    expect(asa('%ASA-6-106015').fields).toMatchObject({
      source: { ip: '192.168.0.1', port: 11 },
      destination: { ip: '192.168.0.2', port: 22 },
      event: { action: 'deny' },
    });
    expect(asa('%ASA-4-106023').fields).toMatchObject({
      source: { ip: '111.11.11.1', port: 2143 },
      destination: { ip: '172.11.1.11', port: 139 },
      network: { transport: 'tcp' },
      rule: { name: 'inside_inbound' },
      observer: { ingress: { interface: { name: 'inside' } }, egress: { interface: { name: 'YYY' } } },
    });
    expect(asa('%ASA-3-106010').fields).toMatchObject({ network: { transport: 'gre' } });
  });

  it('maps builds and teardowns, the outbound initiator as source (302013, 302014)', () => {
    const built = asa('%ASA-6-302013');
    expect(built.fields).toMatchObject({
      event: { action: 'connection-built', type: ['connection', 'start'], outcome: 'success' },
      network: { direction: 'outbound', transport: 'tcp' },
      source: { ip: '10.1.1.2', port: 53496 },
      destination: { ip: '10.1.2.1', port: 22 },
      observer: { ingress: { interface: { name: 'inside' } }, egress: { interface: { name: 'outside' } } },
    });
    expect(asa('%ASA-6-302014').fields).toMatchObject({
      event: { action: 'connection-teardown', type: ['connection', 'end'] },
      source: { ip: '171.70.168.183', port: 53 },
      destination: { ip: '192.168.1.185', port: 1032 },
      network: { bytes: 526 },
      cisco: { asa: { connection_id: '4211', duration: '0:00:00' } },
    });
  });

  it('maps UDP builds and teardowns behind a syslog header (302015, 302016: not in the Wazuh file, Cisco format)', () => {
    const built = set.normaliseText(
      '<166>Jan 05 2024 10:00:00 asa01 : %ASA-6-302015: Built inbound UDP connection 2847 for outside:198.51.100.7/53 (198.51.100.7/53) to inside:10.10.1.20/51515 (203.0.113.4/51515)',
    );
    expect(built).toMatchObject({ source: 'cisco-asa', timestamp: '2024-01-05T10:00:00.000Z' });
    expect(built.fields).toMatchObject({
      observer: { hostname: 'asa01' },
      network: { direction: 'inbound', transport: 'udp' },
      source: { ip: '198.51.100.7', port: 53 },
      destination: { ip: '10.10.1.20', port: 51515, nat: { ip: '203.0.113.4', port: 51515 } },
    });
    const teardown = set.normaliseText(
      'Jan  5 10:00:31 asa01 %ASA-6-302016: Teardown UDP connection 2847 for outside:198.51.100.7/53 to inside:10.10.1.20/51515 duration 0:00:31 bytes 412',
    );
    expect(teardown.source).toBe('cisco-asa');
    expect(teardown.timestamp).toMatch(/-01-05T10:00:31\.000Z$/);
    expect(teardown.fields).toMatchObject({
      event: { code: '302016', type: ['connection', 'end'] },
      observer: { hostname: 'asa01' },
      network: { bytes: 412, transport: 'udp' },
    });
  });

  it('maps AAA and login results (113004, 113005, 605004; 611101 in the Cisco format)', () => {
    expect(asa('%ASA-6-113004').fields).toMatchObject({
      event: { category: ['authentication'], outcome: 'success' },
      user: { name: 'user' },
      cisco: { asa: { aaa_server: '174.243.13.65' } },
    });
    expect(asa('%ASA-6-113005').fields).toMatchObject({
      event: { category: ['authentication'], outcome: 'failure', reason: 'string' },
      user: { name: 'user' },
      source: { ip: '192.168.0.1' },
    });
    expect(asa('%ASA-6-605004').fields).toMatchObject({
      event: { action: 'login-failed', outcome: 'failure' },
      user: { name: 'root' },
      source: { ip: '192.168.2.10', port: 32597 },
      network: { protocol: 'ssh' },
    });
    const vpn = set.normaliseText(
      '%ASA-6-611101: User authentication succeeded: IP address: 10.20.30.40, Uname: admin',
    );
    expect(vpn.fields).toMatchObject({ user: { name: 'admin' }, source: { ip: '10.20.30.40' } });
    const withClass = set.normaliseText(
      '<166>:Jan 15 02:19:08 MSK: %ASA-vpnc-6-611101: User authentication succeeded: Uname: jdoe',
    );
    expect(withClass.fields).toMatchObject({ event: { code: '611101', outcome: 'success' }, user: { name: 'jdoe' } });
  });

  it('makes threat detection (733100) an alert', () => {
    expect(asa('%ASA-4-733100').fields).toMatchObject({
      event: { kind: 'alert', category: ['network', 'intrusion_detection'], action: 'threat-detected' },
      rule: { name: 'Object' },
      cisco: { asa: { threat_detection: { burst_rate: 9, average_rate: 15, total_count: 9198 } } },
    });
    const scanning = set.normaliseText(
      '%ASA-4-733100: [ Scanning] drop rate-1 exceeded. Current burst rate is 10 per second, max configured rate is 10; Current average rate is 5 per second, max configured rate is 5; Cumulative total count is 3000',
    );
    expect(at(scanning, 'rule.name')).toBe('Scanning');
  });

  it('takes the addresses of other "from … to …" messages and the administrator of commands', () => {
    expect(asa('%ASA-3-421001').fields).toMatchObject({
      source: { ip: '10.233.19.92', port: 60803 },
      destination: { ip: '8.8.8.8', port: 53 },
    });
    expect(asa('%ASA-5-111010').fields).toMatchObject({
      event: { action: 'command-executed' },
      user: { name: 'pgskyadm' },
      source: { ip: '143.16.64.46' },
      process: { command_line: 'terminal pager 0' },
    });
  });
});

describe('paloalto on the Wazuh paloalto.ini lines', () => {
  it('maps TRAFFIC start, end, drop and deny by the documented column positions', () => {
    const types: Record<string, string[]> = {
      start: ['connection', 'start'],
      end: ['connection', 'end'],
      drop: ['connection', 'denied'],
      deny: ['connection', 'denied'],
    };
    for (const [subtype, type] of Object.entries(types)) {
      const event = set.normaliseText(wazuhLine('paloalto.ini', `TRAFFIC,${subtype},`));
      expect(event.source).toBe('paloalto');
      expect(event.fields).toMatchObject({
        event: { dataset: 'TRAFFIC', type, category: ['network'] },
        observer: {
          vendor: 'Palo Alto Networks',
          hostname: 'XXX-XX-00',
          name: 'xxx-xx-01',
          serial_number: '00000000',
          ingress: { interface: { name: 'xxxx.0' }, zone: 'xxxx' },
        },
        source: { ip: '00.00.000.00', port: 0, nat: { ip: '0.0.0.0' } },
        destination: { ip: '00.00.00.0' },
        rule: { name: 'xxx-xxx_xxxx' },
        network: { application: 'xxx', bytes: 0 },
      });
      expect(at(event, 'event.reason')).toBe('n/a');
      expect(at(event, 'panw.panos.subtype')).toBe(subtype);
    }
    expect(at(set.normaliseText(wazuhLine('paloalto.ini', 'TRAFFIC,deny,')), 'event.outcome')).toBe('failure');
  });

  it('reads the same CSV behind an RFC 5424 header or with no header at all', () => {
    const csv = wazuhLine('paloalto.ini', 'TRAFFIC,end,').replace(/^.*? (?=1,2020)/, '');
    for (const line of [csv, `<14>1 2026-03-01T10:00:00Z PA-VM - - - ${csv}`]) {
      const event = set.normaliseText(line);
      expect(event.source).toBe('paloalto');
      expect(event.fields).toMatchObject({ rule: { name: 'xxx-xxx_xxxx' }, observer: { name: 'xxx-xx-01' } });
    }
  });

  it('maps SYSTEM logs: severity, description, device name; an invalid generated time falls back to receive time', () => {
    const events = lines('wazuh-ruleset-logtests/paloalto.ini')
      .filter((line) => line.includes(',SYSTEM,'))
      .map((line) => set.normaliseText(line));
    expect(events.map((e) => at(e, 'log.level'))).toEqual(['informational', 'low', 'medium', 'high', 'critical']);
    for (const event of events) {
      expect(event).toMatchObject({ source: 'paloalto', timestamp: '2020-02-09T00:00:00.000Z' });
      expect(event.fields).toMatchObject({ message: 'xxxxxxxxxxxxxxx', observer: { name: 'XXX-XX-XX' } });
    }
  });

  it('maps THREAT logs (no sample in the shared data: a line built from the documented positions)', () => {
    const columns: Record<number, string> = {
      0: '1',
      1: '2026/03/01 10:00:01',
      2: '013201001234',
      3: 'THREAT',
      4: 'vulnerability',
      6: '2026/03/01 10:00:00',
      7: '10.20.1.15',
      8: '203.0.113.80',
      11: 'allow-web',
      12: 'city\\jdoe',
      14: 'web-browsing',
      16: 'trust',
      17: 'untrust',
      24: '51515',
      25: '80',
      29: 'tcp',
      30: 'reset-both',
      31: '"/index.php?a=1,b=2"',
      32: 'Apache Log4j Remote Code Execution Vulnerability(91991)',
      33: 'any',
      34: 'critical',
      35: 'client-to-server',
      36: '7000001',
      46: '"Mozilla/5.0 (X11, Linux)"',
      59: 'pa-edge-01',
    };
    const csv = Array.from({ length: 60 }, (_, i) => columns[i] ?? '').join(',');
    const event = set.normaliseText(`<14>Mar  1 10:00:01 pa-edge-01 ${csv}`);
    expect(event).toMatchObject({ source: 'paloalto', timestamp: '2026-03-01T10:00:00.000Z' });
    expect(event.fields).toMatchObject({
      event: {
        kind: 'alert',
        category: ['network', 'intrusion_detection'],
        action: 'reset-both',
        outcome: 'failure',
        sequence: 7000001,
      },
      rule: { name: 'Apache Log4j Remote Code Execution Vulnerability', id: '91991', category: 'vulnerability' },
      source: { ip: '10.20.1.15', port: 51515 },
      destination: { ip: '203.0.113.80', port: 80 },
      user: { name: 'city\\jdoe' },
      log: { level: 'critical' },
      network: { direction: 'client-to-server', transport: 'tcp' },
      user_agent: { original: 'Mozilla/5.0 (X11, Linux)' },
      observer: { name: 'pa-edge-01' },
    });
  });
});

describe('checkpoint on the Wazuh checkpoint_smart1.ini lines', () => {
  const cp = (needle: string) => set.normaliseText(wazuhLine('checkpoint_smart1.ini', needle));

  it('maps a dropped connection', () => {
    const event = cp('action:"Drop"');
    expect(event).toMatchObject({ source: 'checkpoint', timestamp: '2019-05-15T16:25:50.000Z' });
    expect(event.fields).toMatchObject({
      event: { action: 'drop', type: ['connection', 'denied'], outcome: 'failure', category: ['network'] },
      source: { ip: '11.22.33.77', port: 55036 },
      destination: { ip: '11.22.33.55', port: 1514 },
      network: { transport: 'udp', iana_number: '17', direction: 'inbound', application: 'ptos_avaya' },
      rule: { name: 'CleanUp Rule', uuid: 'b9d9605b-a71e-4664-a042-3fbd041b0b41', ruleset: 'FW-INT-TR Security' },
      observer: {
        vendor: 'Check Point',
        product: 'VPN-1 & FireWall-1',
        ip: '11.22.33.44',
        hostname: 'HOSTNAME',
        ingress: { interface: { name: 'eth2' }, zone: 'Internal' },
      },
    });
  });

  it('maps a rejected IKE negotiation and a decrypted, translated connection', () => {
    const reject = cp('action:"Reject"');
    expect(reject.fields).toMatchObject({
      event: { action: 'reject', outcome: 'failure', reason: 'IKE failure' },
      checkpoint: { vpn_feature_name: 'IKE', peer_gateway: '11.22.33.66' },
    });
    expect(reject.original).toMatchObject({
      cp: { ike: expect.stringMatching(/^Main Mode Failed to match proposal/) },
    });
    expect(cp('action:"Decrypt"').fields).toMatchObject({
      event: { action: 'decrypt', outcome: 'success' },
      source: { ip: '11.22.33.88', port: 55226 },
      destination: { ip: '11.22.33.55', port: 51262, nat: { ip: '11.22.33.99' } },
      network: { transport: 'tcp' },
      rule: { name: 'SafeCharge SEC' },
    });
  });

  it('classifies the other actions, even on truncated lines', () => {
    expect(at(cp('action:"Login"'), 'event.category')).toEqual(['authentication']);
    expect(cp('action:"Block"').fields).toMatchObject({ event: { action: 'block', outcome: 'failure' } });
    expect(at(cp('action:"Detect"'), 'event.kind')).toBe('alert');
    expect(cp('action:"Allow"').fields).toMatchObject({ event: { action: 'allow', outcome: 'success' } });
    // The one test line with a space before "1 2019-…" has no header to read: it stays text.
    expect(cp('action:"Flag"').source).toBe('generic');
  });
});

describe('sonicwall on the Wazuh SonicWall.ini lines', () => {
  const sonicwall = (needle: string) => set.normaliseText(wazuhLine('SonicWall.ini', needle));

  it('maps a dropped connection without a syslog header, splitting ip:port:interface', () => {
    const event = sonicwall('msg="TCP connection dropped"');
    expect(event).toMatchObject({ source: 'sonicwall', timestamp: '2004-04-01T10:39:35.000Z' });
    expect(event.fields).toMatchObject({
      event: { code: '36', action: 'deny', type: ['connection', 'denied'], outcome: 'failure', severity: 5 },
      observer: {
        vendor: 'SonicWall',
        name: 'firewall',
        serial_number: '00301E0526B1',
        ip: '67.32.44.2',
        ingress: { interface: { name: 'WAN' } },
        egress: { interface: { name: 'LAN' } },
      },
      source: { ip: '67.101.200.27', port: 4507 },
      destination: { ip: '67.32.44.2', port: 445 },
      message: 'TCP connection dropped',
    });
  });

  it('maps an opened connection with a syslog header, and IPv6 addresses from srcV6/dstV6', () => {
    expect(sonicwall('msg="Connection Opened"').fields).toMatchObject({
      event: { action: 'connection-opened', type: ['connection', 'start'], outcome: 'success' },
      observer: { hostname: '192.168.5.1' },
      network: { transport: 'tcp' },
      destination: { ip: '1.1.1.1', port: 50000 },
    });
    expect(sonicwall('srcV6=').fields).toMatchObject({
      source: { ip: 'fe80::9851:b780:9d9d:a29e', port: 49702, mac: '90:e6:ba:32:5c:45' },
      destination: { ip: 'ff02::1:3', port: 5355 },
      network: { transport: 'udp' },
      observer: { ingress: { interface: { name: 'X0-V514' } } },
    });
  });

  it('maps a blocked web site with host names and a failed administrator login', () => {
    expect(sonicwall('n=838005').fields).toMatchObject({
      source: { ip: '192.168.0.62', port: 54993, domain: 'pc048.example.com' },
      destination: { ip: '151.101.242.49', port: 443, domain: 'example.com' },
      network: { transport: 'tcp', protocol: 'https', application: 'General HTTPS' },
      url: { category: 'Freeware/Software Downloads' },
      event: { outcome: 'failure' },
    });
    expect(sonicwall('Administrator login denied').fields).toMatchObject({
      event: { category: ['authentication'], action: 'login-failed', outcome: 'failure' },
      source: { ip: '2.2.2.2' },
    });
  });
});

describe('juniper-junos on the Wazuh junos.ini lines', () => {
  it('maps a denied session relayed behind a BSD header, with the device time and name', () => {
    const event = set.normaliseText(wazuhLine('junos.ini', 'RT_FLOW_SESSION_DENY'));
    expect(event).toMatchObject({ source: 'juniper-junos', timestamp: '2017-09-23T13:54:54.803Z' });
    expect(event.fields).toMatchObject({
      event: { code: 'RT_FLOW_SESSION_DENY', action: 'session-denied', type: ['connection', 'denied'] },
      observer: {
        vendor: 'Juniper',
        hostname: 'sis-srx-mic-01',
        ingress: { zone: 'trust' },
        egress: { zone: 'untrust' },
      },
      source: { ip: '192.168.1.1', port: 1080 },
      destination: { ip: '192.168.1.2', port: 8010 },
      network: { transport: 'udp', iana_number: '17' },
      rule: { name: 'Local-Default-Deny' },
      process: { name: 'RT_FLOW' },
    });
    expect(at(event, 'event.outcome')).toBe('failure');
    expect(at(event, 'user.name')).toBeUndefined(); // username="N/A"
  });

  it('makes a screen (RT_IDS) an alert and keeps other RT_FLOW events', () => {
    expect(set.normaliseText(wazuhLine('junos.ini', 'RT_SCREEN_IP')).fields).toMatchObject({
      event: { kind: 'alert', action: 'drop', outcome: 'failure', code: 'RT_SCREEN_IP' },
      rule: { name: 'IP spoofing!' },
      observer: { ingress: { zone: 'mpls-untrust' } },
    });
    expect(set.normaliseText(wazuhLine('junos.ini', 'FLOW_MCAST_RPF_FAIL')).fields).toMatchObject({
      event: { code: 'FLOW_MCAST_RPF_FAIL' },
      network: { transport: 'udp' },
    });
  });

  it('maps session create/close and logins sent as RFC 5424 (not in junos.ini: Juniper structured format)', () => {
    const create = set.normaliseText(
      '<14>1 2026-03-01T10:00:00.000Z srx-edge RT_FLOW - RT_FLOW_SESSION_CREATE [junos@2636.1.1.1.2.129 source-address="10.0.1.5" source-port="41234" destination-address="192.0.2.7" destination-port="443" service-name="junos-https" nat-source-address="198.51.100.1" nat-source-port="12345" protocol-id="6" policy-name="allow-web" source-zone-name="trust" destination-zone-name="untrust" session-id-32="4242" username="N/A" application="UNKNOWN"]',
    );
    expect(create).toMatchObject({ source: 'juniper-junos', timestamp: '2026-03-01T10:00:00.000Z' });
    expect(create.fields).toMatchObject({
      event: { action: 'session-created', type: ['connection', 'start'], outcome: 'success' },
      observer: { hostname: 'srx-edge' },
      source: { ip: '10.0.1.5', port: 41234, nat: { ip: '198.51.100.1', port: 12345 } },
      destination: { ip: '192.0.2.7', port: 443 },
      network: { transport: 'tcp' },
      juniper: { srx: { session_id: '4242', service_name: 'junos-https' } },
    });
    const close = set.normaliseText(
      '<14>1 2026-03-01T10:00:05.000Z srx-edge RT_FLOW - RT_FLOW_SESSION_CLOSE [junos@2636.1.1.1.2.129 reason="TCP FIN" source-address="10.0.1.5" source-port="41234" destination-address="192.0.2.7" destination-port="443" protocol-id="6" policy-name="allow-web" packets-from-client="12" bytes-from-client="1500" packets-from-server="10" bytes-from-server="6000" elapsed-time="5"]',
    );
    expect(close.fields).toMatchObject({
      event: { action: 'session-closed', type: ['connection', 'end'], reason: 'TCP FIN' },
      source: { bytes: 1500, packets: 12 },
      destination: { bytes: 6000, packets: 10 },
    });
    const login = set.normaliseText(
      '<13>1 2026-03-01T10:01:00.000Z srx-edge mgd 3046 UI_LOGIN_EVENT [junos@2636.1.1.1.2.129 username="admin" class-name="super-user" ssh-connection="10.0.9.9 50022 10.0.0.1 22" client-mode="cli"] User \'admin\' login, class \'super-user\'',
    );
    expect(login.fields).toMatchObject({
      event: { action: 'logged-in', category: ['authentication'], outcome: 'success' },
      user: { name: 'admin' },
      source: { ip: '10.0.9.9', port: 50022 },
      process: { name: 'mgd', pid: 3046 },
      message: "User 'admin' login, class 'super-user'",
    });
    const failed = set.normaliseText(
      '<38>1 2026-03-01T10:02:00.000Z srx-edge sshd 4120 SSHD_LOGIN_FAILED [junos@2636.1.1.1.2.129 username="root" source-address="203.0.113.66"] Login failed for user \'root\' from host \'203.0.113.66\'',
    );
    expect(failed.fields).toMatchObject({
      event: { action: 'login-failed', outcome: 'failure' },
      user: { name: 'root' },
      source: { ip: '203.0.113.66' },
    });
  });
});

describe('firewall sources claim only their own lines', () => {
  it('leaves every other Wazuh log test line to the sources that had it before', () => {
    const firewall = new Set(['cisco-asa', 'paloalto', 'checkpoint', 'sonicwall', 'juniper-junos']);
    const vendorFiles = new Set([
      'cisco_asa.ini',
      'paloalto.ini',
      'checkpoint_smart1.ini',
      'SonicWall.ini',
      'junos.ini',
    ]);
    const others = readdirSync(path.join(DATA, 'wazuh-ruleset-logtests')).filter(
      (file) => file.endsWith('.ini') && !vendorFiles.has(file),
    );
    expect(others.length).toBeGreaterThan(40);
    for (const file of others) {
      for (const line of wazuhLines(file)) expect(firewall.has(set.normaliseText(line).source), line).toBe(false);
    }
  });
});

describe('zeek TSV logs replayed from file', () => {
  async function replay(relative: string): Promise<NormalisedEvent[]> {
    const events: NormalisedEvent[] = [];
    for await (const batch of replayFile(path.join(DATA, relative))) {
      for (const record of batch.records)
        events.push(typeof record === 'string' ? set.normaliseText(record) : set.normaliseObject(record));
    }
    return events;
  }

  it('maps each WRCCDC TSV log exactly as the same log in JSON (notice, ssh, modbus, known_services, …)', async () => {
    for (const name of ['notice', 'ssh', 'modbus', 'known_services', 'dce_rpc', 'smb_mapping', 'x509']) {
      const tsv = await replay(`zeek-wrccdc/zeek-tsv/${name}.log`);
      const json = lines(`zeek-wrccdc/zeek-json/${name}.ndjson`).map((line) => set.normaliseText(line));
      expect(tsv.length, name).toBe(json.length);
      tsv.forEach((event, i) => {
        expect(event.source).toBe('zeek');
        expect({ timestamp: event.timestamp, fields: event.fields }, `${name} #${i}`).toEqual({
          timestamp: json[i]!.timestamp,
          fields: json[i]!.fields,
        });
      });
    }
  });

  it('maps Stratosphere conn, dns and http TSV logs', async () => {
    const conn = await replay('stratosphere-labelled-zeek/003-zeek-scenario-malicious/conn.log');
    expect(conn.every((e) => e.source === 'zeek' && at(e, 'event.dataset') === 'conn')).toBe(true);
    expect(conn[0]).toMatchObject({
      timestamp: '2020-08-07T08:49:24.509Z',
      fields: {
        source: { ip: '10.8.0.61', port: 35740, bytes: 48 },
        destination: { ip: '8.8.8.8', port: 53, bytes: 64 },
        network: { transport: 'udp', protocol: 'dns' },
        zeek: { session_id: 'Cr01B21ezPdgDs60pb', conn: { state: 'SF', history: 'Dd' } },
      },
    });
    const [dns] = await replay('stratosphere-labelled-zeek/003-zeek-scenario-malicious/dns.log');
    expect(dns!.fields).toMatchObject({
      dns: { question: { name: 'infinitedata-pa.googleapis.com', type: 'A' }, response_code: 'NOERROR', id: '1242' },
    });
    const http = await replay('stratosphere-labelled-zeek/005-zeek-scenario-malicious/http.log');
    expect(http.every((e) => at(e, 'event.dataset') === 'http')).toBe(true);
    expect(http[0]!.fields).toMatchObject({
      http: { request: { method: 'GET' }, response: { status_code: 302 } },
      url: { domain: 'gatyfus.com', original: '/login.php' },
    });
  });

  it('maps labelled ssl, notice and weird TSV logs (008, 012), the labels kept in the original fields', async () => {
    const ssl = await replay('stratosphere-labelled-zeek/008-zeek-mixed/data/ssl.log.labeled');
    expect(ssl.every((e) => at(e, 'network.protocol') === 'tls')).toBe(true);
    expect(ssl[0]!.fields).toMatchObject({ tls: { client: { server_name: 'settings-win.data.microsoft.com' } } });
    expect(ssl[0]!.original).toHaveProperty('label');
    const notice = await replay('stratosphere-labelled-zeek/012-zeek-mixed/data/notice.log.labeled');
    expect(notice.every((e) => at(e, 'event.kind') === 'alert' && typeof at(e, 'rule.name') === 'string')).toBe(true);
    const weird = await replay('stratosphere-labelled-zeek/012-zeek-mixed/data/weird.log.labeled');
    expect(weird[0]!.fields).toMatchObject({
      rule: { name: 'TCP_seq_underflow_or_misorder' },
      event: { kind: 'alert' },
    });
  });

  it('keeps a lone TSV row that arrives without its header (syslog, HTTP) as text', () => {
    const row = lines('stratosphere-labelled-zeek/003-zeek-scenario-malicious/conn.log')[8]!;
    expect(set.normaliseText(row)).toMatchObject({ source: 'generic', fields: { message: row } });
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
