/** Synthetic but realistic ~500-byte events: Suricata flow/alert records and device telemetry, mixed. */
export function makeEvent(i: number): string {
  const time = new Date(Date.UTC(2026, 10, 22, 12, 0, 0) + i * 7).toISOString().replace('Z', '000+0000');
  if (i % 5 === 0) {
    return JSON.stringify({
      device_id: `sensor-${i % 5000}`,
      metric: 'temperature',
      value: 20 + (i % 150) / 10,
      unit: 'C',
      state: 'ok',
      ts: time,
      site: 'water-plant-a',
      firmware: '4.2.17-build.2931',
      battery: 0.87,
      rssi: -71,
      note: 'periodic report from the reservoir level and temperature probe, cabinet 3',
    });
  }
  return JSON.stringify({
    timestamp: time,
    flow_id: 1_000_000_000 + i,
    in_iface: 'eth1',
    event_type: i % 50 === 1 ? 'alert' : 'flow',
    src_ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    src_port: 1024 + (i % 60000),
    dest_ip: '192.168.10.20',
    dest_port: 443,
    proto: 'TCP',
    app_proto: 'tls',
    flow: {
      pkts_toserver: 12,
      pkts_toclient: 10,
      bytes_toserver: 1804,
      bytes_toclient: 6672,
      start: time,
      end: time,
      age: 1,
      state: 'closed',
      reason: 'timeout',
      alerted: false,
    },
    ...(i % 50 === 1 && {
      alert: {
        action: 'allowed',
        gid: 1,
        signature_id: 2_013_028,
        rev: 7,
        signature: 'ET POLICY curl User-Agent',
        severity: 3,
      },
    }),
  });
}

export function makeSyslogLine(i: number): string {
  const ip = `203.0.113.${i % 250}`;
  return `<38>Nov 22 12:00:${String(i % 60).padStart(2, '0')} gw-${i % 20} sshd[${1000 + (i % 500)}]: Failed password for invalid user admin${i % 97} from ${ip} port ${20000 + (i % 40000)} ssh2`;
}
