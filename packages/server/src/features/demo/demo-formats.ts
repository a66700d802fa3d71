/**
 * Raw telemetry exactly as real senders write it, so the demo goes through the shipped log sources the way a
 * city's devices would: RFC 5424 syslog lines (sshd, login, sudo, clamd, netfilter), Suricata EVE JSON,
 * Windows Security events in the flat Winlogbeat shape, and CitySOC device telemetry JSON.
 */

/** One thing to send: a raw line or JSON text, when it happens, and how it travels. */
export interface DemoMessage {
  channel: 'http' | 'syslog' | 'mqtt';
  /** Log-source hint for HTTP (`?source=`); syslog and MQTT rely on auto-detection, as real senders do. */
  source?: string;
  /** MQTT topic (`citysoc/<department>/<device id>`); MQTT messages only. */
  topic?: string;
  payload: string;
  /** Epoch milliseconds the message describes; the player sends it at that time. */
  at: number;
}

export const iso = (at: number): string => new Date(at).toISOString();

/** Suricata's own time format: microseconds and a numeric offset (`2026-11-22T10:00:00.123456+0000`). */
export const suricataTime = (at: number): string => `${iso(at).slice(0, 23)}000+0000`;

const FACILITY = { kern: 0, user: 1, daemon: 3, auth: 4, authpriv: 10, cron: 9, local0: 16, local6: 22 } as const;
const SEVERITY = { err: 3, warning: 4, notice: 5, info: 6 } as const;

/** One RFC 5424 line: `<PRI>1 TIMESTAMP HOST APP PROCID - - MSG`. */
export function syslogLine(line: {
  at: number;
  host: string;
  app: string;
  pid?: number;
  facility: keyof typeof FACILITY;
  severity: keyof typeof SEVERITY;
  message: string;
}): string {
  const pri = FACILITY[line.facility] * 8 + SEVERITY[line.severity];
  return `<${pri}>1 ${iso(line.at)} ${line.host} ${line.app} ${line.pid ?? '-'} - - ${line.message}`;
}

/** A Suricata EVE record: the common header, then the event type's own fields. */
export function eveRecord(
  at: number,
  flowId: number,
  header: { event_type: string; src_ip: string; src_port: number; dest_ip: string; dest_port: number; proto: string },
  body: Record<string, unknown>,
): string {
  return JSON.stringify({
    timestamp: suricataTime(at),
    flow_id: flowId,
    in_iface: 'ens1f1',
    ...header,
    ...body,
  });
}

/** One reading in CitySOC's device telemetry shape. */
export function telemetryRecord(reading: {
  at: number;
  deviceId: string;
  metric: string;
  value: number;
  unit?: string;
  state: string;
}): string {
  return JSON.stringify({
    device_id: reading.deviceId,
    metric: reading.metric,
    value: reading.value,
    ...(reading.unit !== undefined && { unit: reading.unit }),
    state: reading.state,
    ts: iso(reading.at),
  });
}

/** A Windows Security event as Winlogbeat or NXLog ship it (flat: EventID, Channel, Hostname, event data). */
export function windowsSecurityEvent(at: number, host: string, eventId: number, data: Record<string, unknown>): string {
  return JSON.stringify({
    '@timestamp': iso(at),
    EventID: eventId,
    Channel: 'Security',
    ProviderName: 'Microsoft-Windows-Security-Auditing',
    Hostname: host,
    ...data,
  });
}

/** The device-telemetry MQTT topic of a device. */
export const deviceTopic = (department: string, deviceId: string): string => `citysoc/${department}/${deviceId}`;
