import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import {
  ANY,
  compareAttribute,
  cpeProductKey,
  formatCpe,
  NA,
  parseCpe,
  parseCpeUri,
  productKey,
  tryParseCpe,
  vendorKey,
} from './cpe.ts';

describe('CPE 2.3 formatted strings', () => {
  it('parses the eleven attributes with ANY and NA', () => {
    const cpe = parseCpe('cpe:2.3:o:Fortinet:FortiOS:7.2.0:-:*:*:*:*:x64:*');
    expect(cpe).toMatchObject({ part: 'o', vendor: 'fortinet', product: 'fortios', version: '7.2.0', update: NA });
    expect(cpe.edition).toBe(ANY);
    expect(cpe.targetHw).toBe('x64');
  });

  it('unquotes escaped characters, colons included, for comparison (NISTIR 7695)', () => {
    expect(parseCpe('cpe:2.3:o:cisco:ios:12.4\\(9\\)t:*:*:*:*:*:*:*').version).toBe('12.4(9)t');
    expect(parseCpe('cpe:2.3:h:hikvision:ds-7604ni-m1\\/4p:-:*:*:*:*:*:*:*').product).toBe('ds-7604ni-m1/4p');
    const colon = parseCpe('cpe:2.3:a:vendor:prod\\:uct:1.0:*:*:*:*:*:*:*');
    expect(colon.product).toBe('prod:uct');
    expect(colon.version).toBe('1.0');
  });

  it('keeps a quoted * or - as a literal, not ANY/NA', () => {
    const cpe = parseCpe('cpe:2.3:a:vendor:product:\\-:\\*:*:*:*:*:*:*');
    expect(cpe.version).toBe('-');
    expect(cpe.update).toBe('*');
  });

  it('reads unquoted wildcards at the ends of a value as a pattern', () => {
    const cpe = parseCpe('cpe:2.3:a:vendor:product:1.2*:*:*:*:*:*:*:*');
    expect(compareAttribute(cpe.version, '1.2.7')).toBe('yes');
    expect(compareAttribute(cpe.version, '1.3')).toBe('no');
  });

  it.each([
    ['cpe:/a:apache:http_server:2.4.49', 'must start with "cpe:2.3:"'],
    ['cpe:2.3:a:apache:http_server:2.4.49', 'has 4 attributes'],
    ['cpe:2.3:x:apache:http_server:2.4.49:*:*:*:*:*:*:*', 'part must be a, o, h or *'],
    ['cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:\\', 'lone "\\"'],
    ['cpe:2.3:a:apache:http*server:2.4.49:*:*:*:*:*:*:*', 'unquoted "*" inside'],
    ['cpe:2.3:a:apache::2.4.49:*:*:*:*:*:*:*', 'product is empty'],
  ])('rejects %s', (text, message) => {
    expect(() => parseCpe(text)).toThrow(InputError);
    expect(() => parseCpe(text)).toThrow(message);
    expect(tryParseCpe(text.startsWith('cpe:/') ? 'cpe:2.3:bad' : text)).toBeNull();
  });

  it('formats back to a canonical, lower-case, quoted string', () => {
    expect(formatCpe(parseCpe('cpe:2.3:o:Cisco:IOS:12.4\\(9\\)T:*:*:*:*:*:*:*'))).toBe(
      'cpe:2.3:o:cisco:ios:12.4\\(9\\)t:*:*:*:*:*:*:*',
    );
  });

  it('reads CPE 2.2 URIs as CVE 5 records may hold them', () => {
    const cpe = parseCpeUri('cpe:/o:fortinet:fortios:7.2.0');
    expect(cpe).toMatchObject({ part: 'o', vendor: 'fortinet', product: 'fortios', version: '7.2.0', update: ANY });
    expect(parseCpeUri('cpe:/a:acme:my%20app:1.0').product).toBe('my app');
  });
});

describe('attribute comparison (NISTIR 7696)', () => {
  it.each([
    [ANY, 'x', 'yes'],
    [ANY, NA, 'yes'],
    ['x', 'x', 'yes'],
    ['x', 'y', 'no'],
    [NA, NA, 'yes'],
    [NA, 'x', 'no'],
    ['x', NA, 'no'],
    ['x', ANY, 'unknown'],
    [NA, ANY, 'unknown'],
  ] as const)('criterion %s vs asset %s → %s', (criterion, asset, expected) => {
    expect(compareAttribute(criterion, asset)).toBe(expected);
  });
});

describe('vendor and product keys', () => {
  it('agree across separators, case and company suffixes', () => {
    expect(vendorKey('schneider-electric')).toBe(vendorKey('Schneider Electric SE'));
    expect(vendorKey('schneider_electric')).toBe('schneiderelectric');
    expect(vendorKey('hitachi_energy')).toBe(vendorKey('hitachienergy'));
    expect(vendorKey('Rockwell Automation, Inc.')).toBe('rockwellautomation');
  });

  it('do not merge different vendors', () => {
    expect(vendorKey('Axis Communications AB')).not.toBe(vendorKey('axis'));
    expect(vendorKey('apache')).not.toBe(vendorKey('ibm'));
  });

  it('drop a product name that repeats the vendor as whole words only', () => {
    expect(productKey('axis', 'AXIS OS')).toBe(productKey('axis', 'axis_os'));
    expect(productKey('siemens', 'Siemens SINEC Security Monitor')).toBe(
      productKey('siemens', 'sinec_security_monitor'),
    );
    expect(productKey('a', 'arcgis')).toBe('arcgis');
    expect(productKey('hikvision', 'hikvision')).toBe('hikvision');
    expect(productKey('apache', 'HTTP Server')).toBe(productKey('apache', 'http_server'));
    expect(productKey('apache', 'http_server')).not.toBe(productKey('apache', 'tomcat'));
  });

  it('is null for a CPE whose vendor or product is not literal', () => {
    expect(cpeProductKey(parseCpe('cpe:2.3:a:*:http_server:*:*:*:*:*:*:*:*'))).toBeNull();
    expect(cpeProductKey(parseCpe('cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*'))).toBe('apache:httpserver');
  });
});
