import { describe, expect, it } from 'vitest';
import { formatIpv4 } from './ip.ts';
import { makeObservable, observablesOf, ROLE } from './observables.ts';

/** IPv4 keys are int32: shown as dotted quads to keep the expectations readable. */
const brief = (document: Record<string, unknown>) =>
  observablesOf(document).map((o) => {
    const key = o.kind === 'ipv4' ? formatIpv4((o.key as number) >>> 0) : String(o.key);
    return `${o.kind} ${o.field}=${key}${o.role === ROLE.OTHER ? '' : ` r${o.role}`}`;
  });

describe('observablesOf', () => {
  it('extracts endpoints with their direction, skipping a client/server that repeats source/destination', () => {
    expect(
      brief({
        source: { ip: '10.0.0.1', port: 51000 },
        client: { ip: '10.0.0.1' },
        destination: { ip: '198.51.100.7', port: '443', domain: 'C2.Example.' },
        server: { ip: '198.51.100.8' },
      }),
    ).toEqual([
      'ipv4 source.ip=10.0.0.1 r1',
      'port source.port=51000 r1',
      'ipv4 destination.ip=198.51.100.7 r2',
      'domain destination.domain=c2.example r2',
      'port destination.port=443 r2',
      'ipv4 server.ip=198.51.100.8 r2',
    ]);
  });

  it('turns an address in a domain field into an address, and reads IPv6', () => {
    expect(brief({ url: { domain: '203.0.113.9' }, host: { ip: ['2001:DB8::1', 'junk'] } })).toEqual([
      'ipv6 host.ip=20010db8000000000000000000000001',
      'ipv4 url.domain=203.0.113.9 r2',
    ]);
  });

  it('reads URLs, their host, DNS, TLS, files, e-mail, protocols and related values', () => {
    const kinds = observablesOf({
      url: { full: 'https://Evil.example/gate.php' },
      dns: { question: { name: 'evil.example' }, resolved_ip: ['198.51.100.1'] },
      tls: {
        client: { server_name: 'evil.example' },
        server: { x509: { serial_number: '00:AB', issuer: { distinguished_name: 'CN=x' } } },
      },
      file: { name: 'a.exe', hash: { sha256: 'AB'.repeat(32) } },
      process: { hash: { md5: 'c'.repeat(32) } },
      email: { from: { address: ['a@b.example'] }, to: { address: 'c@d.example' } },
      network: { transport: 'TCP', protocol: 'http' },
      related: { ip: ['198.51.100.1', '198.51.100.2'], hash: ['d'.repeat(40)], hosts: ['evil.example'] },
    }).map((o) => `${o.kind}:${o.field}`);
    expect(kinds).toEqual([
      'domain:dns.question.name',
      'ipv4:dns.resolved_ip',
      'url:url.full',
      'domain:url.full',
      'domain:tls.client.server_name',
      'x509-serial:tls.server.x509.serial_number',
      'x509-issuer:tls.server.x509.issuer.distinguished_name',
      'sha256:file.hash.sha256',
      'file-name:file.name',
      'md5:process.hash.md5',
      'email:email.from.address',
      'email:email.to.address',
      'protocol:network.transport',
      'protocol:network.protocol',
      'ipv4:related.ip',
      'sha1:related.hash',
    ]);
  });

  it('ignores values of the wrong type and oversized arrays beyond 64 entries', () => {
    expect(observablesOf({ source: { ip: 42, port: 70000 }, destination: 'x', host: { ip: { a: 1 } } })).toEqual([]);
    expect(observablesOf({ related: { ip: Array.from({ length: 100 }, (_, i) => `10.0.0.${i}`) } })).toHaveLength(64);
  });

  it('makeObservable normalises one value or refuses it', () => {
    expect(makeObservable('url', 'HTTP://X.example')).toMatchObject({ key: 'x.example/' });
    expect(makeObservable('ipv4', 'nope')).toBeNull();
    expect(makeObservable('port', 65536)).toBeNull();
  });
});
