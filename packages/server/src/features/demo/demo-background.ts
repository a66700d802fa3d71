import type { AssetDefinition, InventoryDocument } from '@citysoc/core';
import { DEMO_CITY } from './demo-geography.ts';
import { type DemoMessage, eveRecord, suricataTime, syslogLine, windowsSecurityEvent } from './demo-formats.ts';
import type { DemoRandom } from './demo-random.ts';

/**
 * The everyday IT traffic of the city, none of which any shipped rule should flag: Suricata flows, DNS, HTTP
 * and TLS records; administrators' SSH sessions and sudo; cron; ClamAV self-checks; the internet's background
 * noise dropped by the web servers' firewalls; Windows logons and logoffs at workstations.
 */
export interface Background {
  network(at: number): DemoMessage;
  syslog(at: number): DemoMessage[];
  windows(at: number): DemoMessage;
}

const ipOf = (asset: AssetDefinition): string => asset.ip[0] ?? '0.0.0.0';

const PORTAL = `portal.${DEMO_CITY.domain}`;
const DOMAINS = [
  PORTAL,
  `mail.${DEMO_CITY.domain}`,
  `intranet.${DEMO_CITY.domain}`,
  'www.wikipedia.org',
  'deb.debian.org',
  'login.microsoftonline.com',
  'api.weather.example',
];
const PORTAL_PATHS = [
  '/',
  '/permits/status',
  '/taxes/pay',
  '/waste/calendar',
  '/parking/permits',
  '/contact',
  '/static/app.js',
  '/api/v1/appointments',
];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
];
const ADMINS = ['ops', 'deploy', 'backup'];
const STAFF = ['a.keller', 'm.novak', 'j.weber', 's.brandt', 'l.fischer', 'k.wolf', 'r.hoffmann', 'e.schulz'];
const SUDO_COMMANDS = [
  '/usr/bin/systemctl status apache2',
  '/usr/bin/journalctl -u tomcat9 -n 50',
  '/usr/bin/apt-get update',
  '/usr/bin/df -h',
];
const DROPPED_PORTS = [23, 445, 1433, 3389, 5060, 6379, 8291];

export function createBackground(city: InventoryDocument, random: DemoRandom): Background {
  const of = (predicate: (a: AssetDefinition) => boolean) => city.assets.filter(predicate);
  const workstations = of((a) => a.type === 'endpoint' && a.zone === 'it' && a.hostnames.length > 0);
  const linuxServers = of((a) => a.software.some((cpe) => cpe.includes(':openssh:')));
  const webServers = of((a) => a.id.startsWith('egov-web-'));
  const dns = of((a) => a.id.startsWith('dc-dns-'));
  const fileServers = of((a) => a.id.startsWith('dc-file-'));
  const appServers = of((a) => a.id.startsWith('egov-app-'));
  const databases = of((a) => a.type === 'database');
  const adminWorkstations = of((a) => a.id.startsWith('it-ws-'));
  const citizen = () => `${random.pick(['192.0.2', '198.51.100', '203.0.113'])}.${random.int(2, 254)}`;
  const port = () => random.int(32_768, 60_999);
  const flowId = () => random.int(1e14, 9e14);

  const eve = (at: number, header: Parameters<typeof eveRecord>[2], body: Record<string, unknown>): DemoMessage => ({
    channel: 'http',
    source: 'suricata-eve',
    payload: eveRecord(at, flowId(), header, body),
    at,
  });

  const flow = (at: number, src: string, dest: string, destPort: number, proto = 'TCP'): DemoMessage => {
    const toServer = random.int(4, 60);
    const toClient = random.int(4, 400);
    const start = suricataTime(at - random.int(200, 30_000));
    return eve(
      at,
      { event_type: 'flow', src_ip: src, src_port: port(), dest_ip: dest, dest_port: destPort, proto },
      {
        flow: {
          pkts_toserver: toServer,
          pkts_toclient: toClient,
          bytes_toserver: toServer * random.int(60, 900),
          bytes_toclient: toClient * random.int(60, 1400),
          start,
          end: suricataTime(at),
          age: random.int(0, 30),
          state: 'closed',
          reason: 'timeout',
          alerted: false,
        },
      },
    );
  };

  const NETWORK: ((at: number) => DemoMessage)[] = [
    (at) => {
      const rrname = random.pick(DOMAINS);
      return eve(
        at,
        {
          event_type: 'dns',
          src_ip: ipOf(random.pick(workstations)),
          src_port: port(),
          dest_ip: ipOf(random.pick(dns)),
          dest_port: 53,
          proto: 'UDP',
        },
        { dns: { type: 'query', id: random.int(1, 65_535), rrname, rrtype: 'A', tx_id: 0 } },
      );
    },
    (at) =>
      eve(
        at,
        {
          event_type: 'http',
          src_ip: citizen(),
          src_port: port(),
          dest_ip: ipOf(random.pick(webServers)),
          dest_port: 80,
          proto: 'TCP',
        },
        {
          tx_id: 0,
          http: {
            hostname: PORTAL,
            url: random.pick(PORTAL_PATHS),
            http_user_agent: random.pick(AGENTS),
            http_content_type: 'text/html',
            http_method: 'GET',
            protocol: 'HTTP/1.1',
            status: random.chance(0.95) ? 200 : 304,
            length: random.int(800, 48_000),
          },
        },
      ),
    (at) =>
      eve(
        at,
        {
          event_type: 'tls',
          src_ip: citizen(),
          src_port: port(),
          dest_ip: ipOf(random.pick(webServers)),
          dest_port: 443,
          proto: 'TCP',
        },
        { tls: { sni: PORTAL, version: 'TLS 1.3' } },
      ),
    (at) => flow(at, ipOf(random.pick(workstations)), ipOf(random.pick(fileServers)), 445),
    (at) => flow(at, ipOf(random.pick(appServers)), ipOf(random.pick(databases)), 5432),
    (at) => flow(at, ipOf(random.pick(webServers)), ipOf(random.pick(appServers)), 8080),
  ];

  const sshd = (at: number, host: AssetDefinition, pid: number, message: string) =>
    syslogLine({ at, host: host.id, app: 'sshd', pid, facility: 'auth', severity: 'info', message });

  const SYSLOG: ((at: number) => string[])[] = [
    (at) => {
      const host = random.pick(linuxServers);
      const user = random.pick(ADMINS);
      const pid = random.int(2000, 60_000);
      const from = ipOf(random.pick(adminWorkstations));
      return [
        sshd(
          at,
          host,
          pid,
          `Accepted publickey for ${user} from ${from} port ${port()} ssh2: ED25519 SHA256:q8Zf0y3V1oKp2Xc7m9JtR4uWbN6sLhA5eGdTiYkMzQw`,
        ),
        sshd(at + 20, host, pid, `pam_unix(sshd:session): session opened for user ${user}(uid=1001) by (uid=0)`),
      ];
    },
    (at) => {
      const host = random.pick(linuxServers);
      return [
        syslogLine({
          at,
          host: host.id,
          app: 'sudo',
          facility: 'authpriv',
          severity: 'notice',
          message: `${random.pick(ADMINS)} : TTY=pts/0 ; PWD=/home/ops ; USER=root ; COMMAND=${random.pick(SUDO_COMMANDS)}`,
        }),
      ];
    },
    (at) => {
      const host = random.pick(linuxServers);
      return [
        syslogLine({
          at,
          host: host.id,
          app: 'CRON',
          pid: random.int(2000, 60_000),
          facility: 'cron',
          severity: 'info',
          message: '(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)',
        }),
      ];
    },
    (at) => {
      const host = random.pick(fileServers);
      return [
        syslogLine({
          at,
          host: host.id,
          app: 'clamd',
          pid: 812,
          facility: 'local6',
          severity: 'info',
          message: 'SelfCheck: Database status OK.',
        }),
      ];
    },
    (at) => {
      const host = random.pick(webServers);
      const dpt = random.pick(DROPPED_PORTS);
      return [
        syslogLine({
          at,
          host: host.id,
          app: 'kernel',
          facility: 'kern',
          severity: 'warning',
          message: `[UFW BLOCK] IN=ens192 OUT= MAC=00:50:56:9a:1c:2e:00:09:0f:09:00:12:08:00 SRC=${citizen()} DST=${ipOf(host)} LEN=44 TOS=0x00 PREC=0x00 TTL=${random.int(40, 250)} ID=${random.int(1, 65_535)} PROTO=TCP SPT=${port()} DPT=${dpt} WINDOW=${random.pick([1024, 14600, 65535])} RES=0x00 SYN URGP=0`,
        }),
      ];
    },
  ];

  return {
    network: (at) => (random.pick(NETWORK) as (at: number) => DemoMessage)(at),
    syslog: (at) =>
      (random.pick(SYSLOG) as (at: number) => string[])(at).map((payload) => ({ channel: 'syslog', payload, at })),
    windows(at) {
      const host = random.pick(workstations);
      const logon = random.chance(0.6);
      const data = {
        TargetUserName: random.pick(STAFF),
        TargetDomainName: 'AURELIA',
        TargetLogonId: `0x${random.int(0x10000, 0xfffff).toString(16)}`,
        LogonType: logon ? random.pick([2, 3, 11]) : 3,
        ...(logon && { LogonProcessName: 'User32', AuthenticationPackageName: 'Negotiate', IpAddress: '-' }),
      };
      const hostname = host.hostnames[0] ?? host.id;
      return {
        channel: 'http',
        source: 'windows',
        payload: windowsSecurityEvent(at, hostname, logon ? 4624 : 4634, data),
        at,
      };
    },
  };
}
