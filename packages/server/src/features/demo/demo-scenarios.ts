import type { AssetDefinition, InventoryDocument } from '@citysoc/core';
import { DEMO_ACTORS } from './demo-city.ts';
import { CONTROLLERS_PER_CORRIDOR } from './demo-fleets-street.ts';
import { seq } from './demo-fleet.ts';
import { type DemoMessage, deviceTopic, eveRecord, suricataTime, syslogLine, telemetryRecord } from './demo-formats.ts';
import type { DemoRandom } from './demo-random.ts';

/** The rules (ids in content/rules/citysoc) the scenarios are detected by. */
export const DEMO_RULES = {
  sshBruteForce: '7724c39e-961d-4dae-bc80-40fcb3472eaf',
  idsNetworkScan: '28cac600-084e-43b8-abb7-b6884382e99b',
  antivirusMalware: 'bf1e4362-7ab7-4752-b407-de91e74a9c9d',
  doorForced: '7d0c7e64-3c0b-4f0e-9a47-0f4a3c2f9a01',
  consoleLogin: 'e57b78f6-f0e2-4673-b9b0-31922ee64b5f',
  doorForcedThenConsoleLogin: 'c6c9c63c-2670-48c8-b201-e5212b4dd7ef',
  serverRoomOutOfRange: '7d0c7e64-3c0b-4f0e-9a47-0f4a3c2f9a02',
  plcProgramChange: '7d0c7e64-3c0b-4f0e-9a47-0f4a3c2f9a05',
} as const;

/** What a scenario is played against: the city, the time it starts, and the demo's random source. */
export interface ScenarioContext {
  city: InventoryDocument;
  at: number;
  random: DemoRandom;
}

/** A scenario's telemetry, and the devices normal life must leave alone while it plays. */
export interface ScenarioPlay {
  messages: DemoMessage[];
  quiet?: { deviceIds: string[]; until: number };
}

/** An attack or incident the demo plays at intervals. */
export interface DemoScenario {
  name: string;
  title: string;
  description: string;
  /**
   * Rule ids that raise alerts for it through the real detection engine. Empty when something other than a
   * Sigma rule detects it (silence detection).
   */
  detectedBy: readonly string[];
  play(context: ScenarioContext): ScenarioPlay;
}

function actor(city: InventoryDocument, id: string): AssetDefinition {
  const asset = city.assets.find((a) => a.id === id);
  if (asset === undefined) throw new Error(`the demo city has no asset ${id}`);
  return asset;
}
const ipOf = (asset: AssetDefinition): string => asset.ip[0] ?? '0.0.0.0';
const deviceOf = (asset: AssetDefinition): string => asset.device_ids[0] ?? asset.id;
const SECOND = 1000;

/** Addresses from the documentation ranges (RFC 5737): the attackers of the demo are never real hosts. */
const attackerIp = (random: DemoRandom): string => `${random.pick(['203.0.113', '198.51.100'])}.${random.int(10, 250)}`;

const telemetryMessage = (
  asset: AssetDefinition,
  reading: Omit<Parameters<typeof telemetryRecord>[0], 'deviceId'>,
) => ({
  channel: 'mqtt' as const,
  topic: deviceTopic(asset.department, deviceOf(asset)),
  payload: telemetryRecord({ ...reading, deviceId: deviceOf(asset) }),
  at: reading.at,
});

const USERNAMES = ['admin', 'oracle', 'ubuntu', 'test', 'postgres', 'pi', 'user', 'guest', 'support', 'git'];

const sshBruteForce: DemoScenario = {
  name: 'ssh-brute-force',
  title: 'SSH brute force on a web server',
  description:
    'An address on the internet guesses passwords over SSH on the citizen portal web server: 14 failed logins ' +
    'in 45 seconds, root and common service accounts.',
  detectedBy: [DEMO_RULES.sshBruteForce],
  play({ city, at, random }) {
    const server = actor(city, DEMO_ACTORS.sshTarget);
    const attacker = attackerIp(random);
    const messages: DemoMessage[] = [];
    for (let i = 0; i < 14; i += 1) {
      const t = at + i * 3 * SECOND + random.int(0, 900);
      const pid = 21_000 + i * 7;
      const port = random.int(32_768, 60_999);
      const user = i % 3 === 0 ? 'root' : random.pick(USERNAMES);
      const line = (message: string, offset = 0) => ({
        channel: 'syslog' as const,
        payload: syslogLine({
          at: t + offset,
          host: server.id,
          app: 'sshd',
          pid,
          facility: 'auth',
          severity: 'info',
          message,
        }),
        at: t + offset,
      });
      if (user === 'root') {
        messages.push(line(`Failed password for root from ${attacker} port ${port} ssh2`));
      } else {
        messages.push(line(`Invalid user ${user} from ${attacker} port ${port}`));
        messages.push(line(`Failed password for invalid user ${user} from ${attacker} port ${port} ssh2`, 300));
      }
    }
    return { messages };
  },
};

const SCANNED_PORTS = [21, 22, 23, 80, 102, 443, 445, 502, 554, 1433, 3306, 3389, 5432, 5900, 8080, 8443, 47808];

const cameraPortScan: DemoScenario = {
  name: 'camera-port-scan',
  title: 'Port scan from a street camera',
  description:
    'A compromised CCTV camera scans the data-centre servers (SYN scan over common IT and OT ports); the ' +
    'Suricata sensor on the core reports the flows and Emerging Threats SCAN alerts.',
  detectedBy: [DEMO_RULES.idsNetworkScan],
  play({ city, at, random }) {
    const camera = ipOf(actor(city, DEMO_ACTORS.scanningCamera));
    const targets = city.assets.filter((a) => a.zone === 'it' && (a.type === 'server' || a.type === 'vm')).map(ipOf);
    const database = ipOf(actor(city, 'egov-db-01'));
    const messages: DemoMessage[] = [];
    const eve = (t: number, dest: string, port: number, body: Record<string, unknown>, eventType = 'flow') => ({
      channel: 'http' as const,
      source: 'suricata-eve',
      payload: eveRecord(
        t,
        random.int(1e14, 9e14),
        {
          event_type: eventType,
          src_ip: camera,
          src_port: random.int(40_000, 60_000),
          dest_ip: dest,
          dest_port: port,
          proto: 'TCP',
        },
        body,
      ),
      at: t,
    });
    for (let i = 0; i < 40; i += 1) {
      const t = at + i * 250;
      const flow = {
        pkts_toserver: 1,
        pkts_toclient: 1,
        bytes_toserver: 58,
        bytes_toclient: 54,
        start: suricataTime(t),
        end: suricataTime(t + 1),
        age: 0,
        state: 'closed',
        reason: 'timeout',
        alerted: i === 3,
      };
      messages.push(eve(t, random.pick(targets), random.pick(SCANNED_PORTS), { flow }));
    }
    const alert = (t: number, dest: string, port: number, sid: number, signature: string, category: string) =>
      eve(
        t,
        dest,
        port,
        { alert: { action: 'allowed', gid: 1, signature_id: sid, rev: 3, signature, category, severity: 2 } },
        'alert',
      );
    messages.push(
      alert(at + 800, random.pick(targets), 22, 2009582, 'ET SCAN NMAP -sS window 1024', 'Attempted Information Leak'),
    );
    messages.push(
      alert(
        at + 4_000,
        database,
        5432,
        2010939,
        'ET SCAN Suspicious inbound to PostgreSQL port 5432',
        'Potentially Bad Traffic',
      ),
    );
    messages.push(
      alert(
        at + 6_500,
        database,
        3306,
        2010937,
        'ET SCAN Suspicious inbound to mySQL port 3306',
        'Potentially Bad Traffic',
      ),
    );
    return { messages };
  },
};

/** The EICAR test file's MD5 and size: ClamAV's real signature for it, so no malware name is invented. */
const EICAR = { signature: 'Win.Test.EICAR_HDB-1', md5: '44d88612fea8a8f36de82e1278abb02f', size: 68 };

const antivirusMalware: DemoScenario = {
  name: 'antivirus-malware',
  title: 'Malware found by the antivirus',
  description:
    'ClamAV on the administration file server finds a macro document and then a payload in the finance ' +
    "share (the payload is the EICAR test file, detected by ClamAV's real signature).",
  detectedBy: [DEMO_RULES.antivirusMalware],
  play({ city, at }) {
    const server = actor(city, DEMO_ACTORS.fileServer);
    const clamd = (t: number, message: string) => ({
      channel: 'syslog' as const,
      payload: syslogLine({
        at: t,
        host: server.id,
        app: 'clamd',
        pid: 812,
        facility: 'local6',
        severity: 'warning',
        message,
      }),
      at: t,
    });
    const inbox = '/srv/samba/finance/inbox';
    return {
      messages: [
        clamd(at, `${inbox}/Invoice_2026-1187.doc: Heuristics.OLE2.ContainsMacros FOUND`),
        clamd(
          at + 40 * SECOND,
          `${inbox}/Invoice_2026-1187/update.exe: ${EICAR.signature}(${EICAR.md5}:${EICAR.size}) FOUND`,
        ),
      ],
    };
  },
};

const doorForcedConsoleLogin: DemoScenario = {
  name: 'door-forced-console-login',
  title: 'Data-centre door forced, then a console login',
  description:
    'A data-centre door reports forced entry; two and a half minutes later root logs in at the local console of ' +
    'the backup server. The door closes again after four minutes.',
  detectedBy: [DEMO_RULES.doorForced, DEMO_RULES.consoleLogin, DEMO_RULES.doorForcedThenConsoleLogin],
  play({ city, at }) {
    const door = actor(city, DEMO_ACTORS.dataCentreDoor);
    const server = actor(city, DEMO_ACTORS.consoleServer);
    const login = (t: number, message: string) => ({
      channel: 'syslog' as const,
      payload: syslogLine({
        at: t,
        host: server.id,
        app: 'login',
        pid: 2211,
        facility: 'authpriv',
        severity: 'notice',
        message,
      }),
      at: t,
    });
    return {
      messages: [
        telemetryMessage(door, { at, metric: 'door', value: 1, unit: 'state', state: 'forced' }),
        // The contact keeps reporting at its interval, so the door is open rather than silent.
        ...[60, 120, 180].map((s) =>
          telemetryMessage(door, { at: at + s * SECOND, metric: 'door', value: 1, unit: 'state', state: 'open' }),
        ),
        login(at + 150 * SECOND, 'pam_unix(login:session): session opened for user root(uid=0) by LOGIN(uid=0)'),
        login(at + 150 * SECOND + 40, 'ROOT LOGIN ON tty1'),
        telemetryMessage(door, { at: at + 240 * SECOND, metric: 'door', value: 0, unit: 'state', state: 'closed' }),
      ],
      quiet: { deviceIds: [deviceOf(door)], until: at + 300 * SECOND },
    };
  },
};

const OVERHEATING = [24.2, 25.1, 26.4, 27.9, 29.5, 31.2, 33.4, 35.6, 37.1, 34.2, 31.0, 28.3, 26.1];

const serverRoomOverheating: DemoScenario = {
  name: 'server-room-overheating',
  title: 'Server-room temperature rising',
  description:
    'A computer-room air conditioner reports a compressor fault; the server-room temperature climbs from 24 °C ' +
    'past 35 °C in six minutes, then falls once the second unit takes over.',
  detectedBy: [DEMO_RULES.serverRoomOutOfRange],
  play({ city, at, random }) {
    const sensor = actor(city, DEMO_ACTORS.serverRoomSensor);
    const cooling = actor(city, DEMO_ACTORS.coolingUnit);
    const messages = [telemetryMessage(cooling, { at, metric: 'compressor', value: 0, state: 'fault' })];
    OVERHEATING.forEach((temperature, i) => {
      const t = at + (i + 1) * 30 * SECOND;
      const value = Math.round((temperature + random.between(-0.2, 0.2)) * 10) / 10;
      messages.push(telemetryMessage(sensor, { at: t, metric: 'temperature', value, unit: 'C', state: 'ok' }));
      // The failed unit still reports every minute: warm air, state fault.
      if (i % 2 === 1) {
        const air = Math.round((18 + i * 0.9) * 10) / 10;
        messages.push(
          telemetryMessage(cooling, { at: t, metric: 'supply_air_temperature', value: air, unit: 'C', state: 'fault' }),
        );
      }
    });
    const until = at + (OVERHEATING.length + 1) * 30 * SECOND;
    return { messages, quiet: { deviceIds: [deviceOf(sensor), deviceOf(cooling)], until } };
  },
};

const waterPlcProgramChange: DemoScenario = {
  name: 'water-plc-program-change',
  title: 'Water treatment PLC program changed',
  description:
    'The chlorine-dosing PLC of the treatment works is switched to program mode, a new program is downloaded ' +
    'and it runs again, now dosing far above its range.',
  detectedBy: [DEMO_RULES.plcProgramChange],
  play({ city, at }) {
    const plc = actor(city, DEMO_ACTORS.waterPlc);
    const reading = (offset: number, metric: string, value: number, state: string, unit?: string) =>
      telemetryMessage(plc, { at: at + offset * SECOND, metric, value, state, ...(unit !== undefined && { unit }) });
    return {
      messages: [
        reading(0, 'plc_mode', 2, 'program'),
        reading(20, 'plc_program', 1, 'download'),
        reading(45, 'plc_program', 1, 'changed'),
        reading(60, 'plc_mode', 1, 'run'),
        reading(120, 'dosing_rate', 9.6, 'run', 'l/h'),
        reading(180, 'dosing_rate', 9.8, 'run', 'l/h'),
      ],
      quiet: { deviceIds: [deviceOf(plc)], until: at + 200 * SECOND },
    };
  },
};

const SILENT_CORRIDOR = 6;

const trafficControllersSilent: DemoScenario = {
  name: 'traffic-controllers-silent',
  title: 'Traffic signal controllers go silent',
  description:
    `The corridor router and the ${CONTROLLERS_PER_CORRIDOR} signal controllers of corridor ${SILENT_CORRIDOR} ` +
    'stop reporting for ten minutes (a cut fibre); the traffic server logs the loss. Detected by silence ' +
    'detection (three missed report intervals), not by a Sigma rule.',
  detectedBy: [],
  play({ city, at }) {
    const first = (SILENT_CORRIDOR - 1) * CONTROLLERS_PER_CORRIDOR + 1;
    const controllers = seq('tr-tsc', CONTROLLERS_PER_CORRIDOR, 3, first).map((id) => actor(city, id));
    const router = actor(city, DEMO_ACTORS.trafficCorridorRouter);
    const server = actor(city, DEMO_ACTORS.trafficServer);
    const t = at + 200 * SECOND;
    const message =
      `corridor ${SILENT_CORRIDOR}: lost contact with ${controllers.length} signal controllers ` +
      `(${controllers[0]?.id} .. ${controllers.at(-1)?.id}); controllers fall back to fixed-time plans`;
    return {
      messages: [
        {
          channel: 'syslog',
          payload: syslogLine({
            at: t,
            host: server.id,
            app: 'tmsd',
            pid: 1402,
            facility: 'daemon',
            severity: 'warning',
            message,
          }),
          at: t,
        },
      ],
      quiet: { deviceIds: [...controllers, router].map(deviceOf), until: at + 600 * SECOND },
    };
  },
};

/** Every scenario, in the order the player takes them: the first raises its alert within seconds. */
export const DEMO_SCENARIOS: readonly DemoScenario[] = [
  cameraPortScan,
  sshBruteForce,
  doorForcedConsoleLogin,
  serverRoomOverheating,
  waterPlcProgramChange,
  antivirusMalware,
  trafficControllersSilent,
];
