import { describe, expect, it } from 'vitest';
import { parseCef } from './cef.parser.ts';

describe('parseCef', () => {
  it('reads the header and extensions of the specification example', () => {
    const cef = parseCef(
      'CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232',
    )!;
    expect(cef).toMatchObject({
      version: '0',
      device_vendor: 'Security',
      device_product: 'threatmanager',
      signature_id: '100',
      name: 'worm successfully stopped',
      severity: '10',
    });
    expect(cef.extensions).toEqual({ src: '10.0.0.1', dst: '2.1.2.2', spt: '1232' });
  });

  it('applies the header escapes (\\| and \\\\)', () => {
    const cef = parseCef('CEF:0|security|threat\\|manager|1.0|100|path C:\\\\temp|10|')!;
    expect(cef.device_product).toBe('threat|manager');
    expect(cef.name).toBe('path C:\\temp');
  });

  it('lets extension values hold spaces and escaped = and newlines', () => {
    const cef = parseCef('CEF:0|V|P|1|7|n|5|msg=detected a \\= sign\\nsecond line act=blocked fname=a b.txt')!;
    expect(cef.extensions).toEqual({ msg: 'detected a = sign\nsecond line', act: 'blocked', fname: 'a b.txt' });
  });

  it('returns null when the header is incomplete', () => {
    expect(parseCef('CEF:0|Security|threatmanager')).toBeNull();
    expect(parseCef('not cef')).toBeNull();
  });
});
