import { type ObjectPath } from './pattern-ast.ts';
import { hashAlgorithmKey } from './pattern-parser.ts';
import { ANY_ROLE, ROLE, type ObservableKind } from './observables.ts';

/**
 * What a STIX object path means in an ECS event. `kind` 'ip' is IPv4 or IPv6 as the object type says;
 * 'address' (a network-traffic reference) is an IP or a domain name, as the compared literal says.
 */
export interface PropertySpec {
  readonly kind: ObservableKind | 'ip' | 'address';
  readonly roles: number;
  /** `network-traffic:dst_ref.type`: a test of which kind of address the reference is */
  readonly refType?: true;
}

/** Every supported property: the STIX path (hash names canonical) → kind and the event roles it accepts. */
const PROPERTIES: Readonly<Record<string, PropertySpec>> = {
  'ipv4-addr:value': { kind: 'ip', roles: ANY_ROLE },
  'ipv6-addr:value': { kind: 'ip', roles: ANY_ROLE },
  'domain-name:value': { kind: 'domain', roles: ANY_ROLE },
  'url:value': { kind: 'url', roles: ANY_ROLE },
  'email-addr:value': { kind: 'email', roles: ANY_ROLE },
  'email-message:from_ref.value': { kind: 'email', roles: ROLE.FROM },
  'email-message:sender_ref.value': { kind: 'email', roles: ROLE.FROM },
  'email-message:to_refs[*].value': { kind: 'email', roles: ROLE.TO },
  'email-message:cc_refs[*].value': { kind: 'email', roles: ROLE.TO },
  'email-message:bcc_refs[*].value': { kind: 'email', roles: ROLE.TO },
  'file:name': { kind: 'file-name', roles: ANY_ROLE },
  'file:hashes.MD5': { kind: 'md5', roles: ANY_ROLE },
  'file:hashes.SHA1': { kind: 'sha1', roles: ANY_ROLE },
  'file:hashes.SHA256': { kind: 'sha256', roles: ANY_ROLE },
  'file:hashes.SHA512': { kind: 'sha512', roles: ANY_ROLE },
  'network-traffic:src_ref.value': { kind: 'address', roles: ROLE.SRC },
  'network-traffic:dst_ref.value': { kind: 'address', roles: ROLE.DST },
  'network-traffic:src_ref.type': { kind: 'address', roles: ROLE.SRC, refType: true },
  'network-traffic:dst_ref.type': { kind: 'address', roles: ROLE.DST, refType: true },
  'network-traffic:src_port': { kind: 'port', roles: ROLE.SRC },
  'network-traffic:dst_port': { kind: 'port', roles: ROLE.DST },
  'network-traffic:protocols[*]': { kind: 'protocol', roles: ANY_ROLE },
  'x509-certificate:serial_number': { kind: 'x509-serial', roles: ANY_ROLE },
  'x509-certificate:issuer': { kind: 'x509-issuer', roles: ANY_ROLE },
};

/** The lookup key of a path: `file:hashes.SHA256`, `network-traffic:protocols[*]`. */
export function propertyKey(path: ObjectPath): string {
  let key = `${path.objectType}:`;
  let previous = '';
  path.steps.forEach((step, i) => {
    if (step.type === 'index') key += `[${step.index}]`;
    else {
      const name = previous === 'hashes' ? hashAlgorithmKey(step.name) : step.name;
      key += i === 0 ? name : `.${name}`;
      previous = step.name;
    }
  });
  return key;
}

/** The spec of a path, or why it cannot be matched against ECS events. */
export function propertyOf(path: ObjectPath): PropertySpec | string {
  const key = propertyKey(path);
  const spec = PROPERTIES[key];
  if (spec) return spec;
  if (/^file:hashes\./.test(key)) {
    return `${key.slice(12)} hashes are not matched (supported: MD5, SHA-1, SHA-256, SHA-512)`;
  }
  if (/\[\d+\]/.test(key)) return `${key}: a list position cannot be matched, ECS lists carry no order; use [*]`;
  return `${key} is not observable in ECS events (no mapped field)`;
}

/** Documentation and tests: the supported paths. */
export const SUPPORTED_PROPERTIES: readonly string[] = Object.keys(PROPERTIES);
