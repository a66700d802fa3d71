import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { connect as connectTls } from 'node:tls';
import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, spawnServer, type SpawnedServer } from '../../src/testing/spawned-server.ts';

const run = promisify(execFile);
const EVE = path.resolve(import.meta.dirname, '../../../../../shared/data/suricata-eve/surevego-eve.ndjson');

async function searchCount(server: SpawnedServer, token: string, query: string): Promise<number> {
  const response = await fetch(`${server.url}/api/events?limit=1000&query=${encodeURIComponent(query)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as { events: unknown[] }).events.length;
}

describe('ingest with real clients', () => {
  let server: SpawnedServer;
  let ingestToken: string;
  let readToken: string;

  beforeAll(async () => {
    server = await spawnServer({ CITYSOC_ADMIN_PASSWORD: 'e2e-admin-password-1' });
    ingestToken = await createToken(server.dataDir, 'ingest');
    readToken = await createToken(server.dataDir, 'read');
  });
  afterAll(() => server?.stop());

  it('accepts a Suricata EVE file from curl', async () => {
    const { stdout } = await run('curl', [
      '-sS',
      '-H',
      `Authorization: Bearer ${ingestToken}`,
      '-H',
      'Content-Type: application/x-ndjson',
      '--data-binary',
      `@${EVE}`,
      '-w',
      '\n%{http_code}',
      `${server.url}/api/ingest?source=suricata-eve`,
    ]);
    const [body, status] = stdout.split('\n');
    expect(status).toBe('202');
    expect(JSON.parse(body ?? '')).toMatchObject({ accepted: 266, rejected: 0 });
    expect(await searchCount(server, readToken, 'citysoc.source:suricata-eve AND event.dataset:alert')).toBeGreaterThan(
      0,
    );
  });

  it.each([
    ['TCP RFC 5424', ['--tcp', '--rfc5424']],
    ['TCP RFC 5424 octet-counted', ['--tcp', '--rfc5424', '--octet-count']],
    ['UDP RFC 3164', ['--udp', '--rfc3164']],
  ])('receives syslog from logger over %s', async (name, flags) => {
    const marker = `e2e-${name.replace(/\W+/g, '-')}`;
    await run('logger', [
      '--server',
      '127.0.0.1',
      '--port',
      String(server.syslogPort),
      ...flags,
      '-t',
      'sshd',
      `Failed password for ${marker} from 198.51.100.7 port 40022 ssh2`,
    ]);
    await expect.poll(() => searchCount(server, readToken, `user.name:${marker}`), { timeout: 5000 }).toBe(1);
    const response = await fetch(`${server.url}/api/events?query=${encodeURIComponent(`user.name:${marker}`)}`, {
      headers: { authorization: `Bearer ${readToken}` },
    });
    const [event] = ((await response.json()) as { events: { document: Record<string, unknown> }[] }).events;
    expect(event?.document).toMatchObject({
      event: { category: ['authentication'], outcome: 'failure' },
      source: { ip: '198.51.100.7' },
    });
  });
});

describe('durability', () => {
  it('keeps every acknowledged event through kill -9 and restart', async () => {
    let server = await spawnServer();
    const token = await createToken(server.dataDir, 'ingest');
    let acknowledged = 0;
    let sent = 0;
    let stop = false;
    const shipper = async () => {
      for (let batch = 0; !stop; batch += 1) {
        const body = Array.from({ length: 500 }, (_, i) => JSON.stringify({ batch, i, pad: 'x'.repeat(400) })).join(
          '\n',
        );
        sent += 500;
        try {
          const response = await fetch(`${server.url}/api/ingest`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
            body,
          });
          if (response.status === 202) acknowledged += ((await response.json()) as { accepted: number }).accepted;
        } catch {
          return; // the server died mid-request: that batch was never acknowledged
        }
      }
    };
    const shippers = [shipper(), shipper()];
    // Kill mid-stream, once ingest is well under way (worker threads start on first use; a loaded CI machine is slow).
    const deadline = Date.now() + 30_000;
    while (acknowledged < 2000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await server.kill('SIGKILL');
    stop = true;
    await Promise.all(shippers);
    expect(acknowledged).toBeGreaterThan(1000);

    server = await spawnServer({}, server.dataDir);
    try {
      const reader = await createToken(server.dataDir, 'read');
      const response = await fetch(`${server.url}/api/overview`, { headers: { authorization: `Bearer ${reader}` } });
      const stored = ((await response.json()) as { counts: { events: number } }).counts.events;
      expect(stored).toBeGreaterThanOrEqual(acknowledged);
      expect(stored).toBeLessThanOrEqual(sent);
    } finally {
      await server.stop();
    }
  });
});

describe('syslog over TLS (RFC 5425)', () => {
  it('receives octet-counted messages on the TLS port with the configured certificate', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'citysoc-tls-'));
    const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ]);
    const server = await spawnServer({
      CITYSOC_SYSLOG_TLS_CERT: cert,
      CITYSOC_SYSLOG_TLS_KEY: key,
      CITYSOC_SYSLOG_TLS_PORT: '0',
    });
    try {
      const tlsPort = Number(/tls\/(\d+)/.exec(server.output())?.[1]);
      expect(tlsPort).toBeGreaterThan(0);
      const reader = await createToken(server.dataDir, 'read');
      const message =
        '<38>1 2026-11-22T12:00:00Z gw-9 sshd 77 - - Failed password for tls-tester from 192.0.2.44 port 5000 ssh2';
      await new Promise<void>((resolve, reject) => {
        const socket = connectTls(
          {
            host: '127.0.0.1',
            port: tlsPort,
            ca: readFileSync(cert),
            servername: '127.0.0.1',
            checkServerIdentity: () => undefined,
          },
          () => {
            socket.end(`${Buffer.byteLength(message)} ${message}`, resolve);
          },
        );
        socket.on('error', reject);
      });
      await expect.poll(() => searchCount(server, reader, 'user.name:tls-tester'), { timeout: 5000 }).toBe(1);
    } finally {
      await server.stop();
    }
  });
});
