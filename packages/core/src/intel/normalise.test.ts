import { describe, expect, it } from 'vitest';
import { emailKey, eventDomainKey, hashKey, indicatorDomainKey, serialKey, urlHost, urlKey } from './normalise.ts';

describe('normal forms', () => {
  it.each([
    ['HTTP://User@Evil.COM:80/a?b#c', 'evil.com/a?b'],
    ['https://x.org:443', 'x.org/'],
    ['https://x.org:80/', 'x.org:80/'],
    ['ftp://f.example:21/x', 'f.example/x'],
    ['evil.com/gate.php', 'evil.com/gate.php'],
    ['evil.com:80/gate.php', 'evil.com/gate.php'],
    ['//cdn.example/x', 'cdn.example/x'],
    ['  http://x.y/  ', 'x.y/'],
    ['http://x.y#frag/path', 'x.y/'],
    ['http://x.y?q=1/2', 'x.y/?q=1/2'],
    ['hTTp://Host:8080/P', 'host:8080/P'],
    ['http://host./', 'host/'],
    ['', null],
    ['http:///path', null],
  ])('urlKey(%j) = %j', (text, key) => {
    expect(urlKey(text)).toBe(key);
  });

  it('reads the host of a URL', () => {
    expect(urlHost('https://Evil.example:8443/x')).toBe('evil.example');
    expect(urlHost('http://[2001:db8::1]:80/x')).toBe('2001:db8::1');
  });

  it('normalises and validates domains, e-mail, hashes and serials', () => {
    expect(eventDomainKey('WWW.Evil.COM.')).toBe('www.evil.com');
    expect(indicatorDomainKey(' Evil.COM ')).toBe('evil.com');
    expect(indicatorDomainKey('_dmarc.evil.com')).toBe('_dmarc.evil.com');
    expect(indicatorDomainKey('münchen.example')).toBe('xn--mnchen-3ya.example');
    for (const bad of ['domain autuo.xicp.net', 'a..b', '-a.com', 'a'.repeat(64) + '.com', '']) {
      expect(indicatorDomainKey(bad)).toBeNull();
    }
    expect(emailKey(' Bad@Evil.Example ')).toBe('bad@evil.example');
    expect(emailKey('not an address')).toBeNull();
    expect(hashKey('D41D8CD98F00B204E9800998ECF8427E', 'md5')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(hashKey('d41d8cd98f00b204e9800998ecf8427e', 'sha1')).toBeNull();
    expect(serialKey('00:4C:0b')).toBe('4c0b');
    expect(serialKey('0')).toBe('0');
    expect(serialKey('xyz')).toBeNull();
  });
});
