import { type Conversion } from './definition.schema.ts';

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** IANA protocol numbers of the transports firewalls log, by keyword as ECS `network.transport` wants them. */
const IP_PROTOCOLS: Record<string, string> = {
  '1': 'icmp',
  '2': 'igmp',
  '4': 'ipv4',
  '6': 'tcp',
  '17': 'udp',
  '41': 'ipv6',
  '47': 'gre',
  '50': 'esp',
  '51': 'ah',
  '58': 'ipv6-icmp',
  '89': 'ospf',
  '103': 'pim',
  '112': 'vrrp',
  '132': 'sctp',
};
const PROTOCOL_NAME = /^[A-Za-z][\w-]*$/;

/** Converts a mapped value; `undefined` means "cannot convert", and the field is then left out. */
export type Converter = (value: unknown) => unknown;

function toNumber(value: unknown, pattern: RegExp): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && pattern.test(value.trim())) return Number(value);
  return undefined;
}

export const CONVERTERS: Record<Conversion, Converter> = {
  int: (value) => {
    const n = toNumber(value, INTEGER) ?? toNumber(value, FLOAT);
    return n === undefined ? undefined : Math.trunc(n);
  },
  float: (value) => toNumber(value, FLOAT),
  string: (value) =>
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value),
  lowercase: (value) => (typeof value === 'string' ? value.toLowerCase() : value),
  uppercase: (value) => (typeof value === 'string' ? value.toUpperCase() : value),
  array: (value) => (Array.isArray(value) ? value : [value]),
  /** `6` → `tcp`; a name (`TCP`) is lower-cased; an unknown number is left out (map it to network.iana_number). */
  ip_protocol: (value) => {
    const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
    if (Object.hasOwn(IP_PROTOCOLS, text)) return IP_PROTOCOLS[text];
    return PROTOCOL_NAME.test(text) ? text.toLowerCase() : undefined;
  },
};
