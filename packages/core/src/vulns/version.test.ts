import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions, describeRange, versionInRange, versionsComparable, versionsEqual } from './version.ts';

const sign = (n: number) => Math.sign(n) + 0;

describe('version order', () => {
  it.each([
    ['2.4.49', '2.4.50'],
    ['2.4.9', '2.4.10'],
    ['1.0.1', '1.0.1a'],
    ['1.0.1a', '1.0.1g'],
    ['15.2(4)e9', '15.2(4)e10'],
    ['12.4(9)', '12.4(9)t'],
    ['2.4.49-rc1', '2.4.49'],
    ['2.4.49-rc1', '2.4.49-rc2'],
    ['1.0-alpha', '1.0-beta'],
    ['1.0-beta', '1.0-rc1'],
    ['1.0a1', '1.0'],
    ['1.0~beta2', '1.0'],
    ['3.0.1', '3.0.1-r1'],
    ['4.30.096build221220', '5.00.000'],
    ['6.49.9', '6.49.10'],
    ['1.2.beta', '1.2.3'],
    ['20240403', '20240510'],
    ['99999999999999999999998', '99999999999999999999999'],
  ])('%s < %s', (lower, higher) => {
    expect(sign(compareVersions(lower, higher))).toBe(-1);
    expect(sign(compareVersions(higher, lower))).toBe(1);
  });

  it.each([
    ['7.0', '7.0.0'],
    ['V5.00.000', '5.0'],
    ['2.4.049', '2.4.49'],
    ['15.2(4)E10', '15.2(4)e10'],
  ])('%s = %s', (a, b) => {
    expect(compareVersions(a, b)).toBe(0);
    expect(versionsEqual(a, b)).toBe(true);
  });

  it('is a total order: antisymmetric and transitive on arbitrary strings', () => {
    const version = fc.stringMatching(/^[0-9a-z.()~-]{0,12}$/);
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        expect(sign(compareVersions(a, b))).toBe(0 - sign(compareVersions(b, a)));
        if (compareVersions(a, b) <= 0 && compareVersions(b, c) <= 0)
          expect(compareVersions(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('says when two versions are not of one scheme', () => {
    expect(versionsComparable('4.0', '4.1')).toBe(true);
    expect(versionsComparable('FW12', 'FW13')).toBe(true);
    expect(versionsComparable('Niagara 4.1', '4.0')).toBe(false);
    expect(versionsComparable('', '4.0')).toBe(false);
  });
});

describe('version ranges', () => {
  const range = {
    start: { version: '2.4.0', inclusive: true },
    end: { version: '2.4.50', inclusive: false },
  };

  it('respects including and excluding bounds', () => {
    expect(versionInRange('2.4.0', range)).toBe('yes');
    expect(versionInRange('2.4.49', range)).toBe('yes');
    expect(versionInRange('2.4.50', range)).toBe('no');
    expect(versionInRange('2.3.9', range)).toBe('no');
    expect(versionInRange('2.4.0', { ...range, start: { version: '2.4.0', inclusive: false } })).toBe('no');
    expect(versionInRange('2.4.50', { ...range, end: { version: '2.4.50', inclusive: true } })).toBe('yes');
  });

  it('reads "2.*" as the end of the 2 series and "*" as no end', () => {
    expect(versionInRange('2.9.9', { end: { version: '2.*', inclusive: false } })).toBe('yes');
    expect(versionInRange('3.0', { end: { version: '2.*', inclusive: false } })).toBe('no');
    expect(
      versionInRange('99', { start: { version: '1.0', inclusive: true }, end: { version: '*', inclusive: false } }),
    ).toBe('yes');
  });

  it('is unknown, never yes, when a bound is of another scheme', () => {
    expect(versionInRange('4.0', { end: { version: 'Niagara 4.1', inclusive: false } })).toBe('unknown');
    expect(versionInRange('abc', range)).toBe('unknown');
    expect(versionInRange('', range)).toBe('unknown');
  });

  it('describes itself', () => {
    expect(describeRange(range)).toBe('>= 2.4.0, < 2.4.50');
    expect(describeRange({})).toBe('all versions');
  });
});
