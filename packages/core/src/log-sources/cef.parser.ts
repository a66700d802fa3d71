/*
 * Hand-written after the ArcSight CEF specification (rev 25): the npm CEF packages are unmaintained and do
 * not implement the two different escaping rules of header and extension.
 */

/** The parsed CEF payload, stored under `cef` in the original fields. */
export interface CefRecord {
  version: string;
  device_vendor: string;
  device_product: string;
  device_version: string;
  signature_id: string;
  name: string;
  severity: string;
  extensions: Record<string, string>;
}

/** Splits the seven header fields on unescaped `|`; `\|` and `\\` are the header escapes. */
function splitHeader(text: string): { fields: string[]; rest: number } | null {
  const fields: string[] = [];
  let buf = '';
  let i = 0;
  while (i < text.length && fields.length < 7) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === '|' || text[i + 1] === '\\')) {
      buf += text[i + 1];
      i += 2;
    } else if (c === '|') {
      fields.push(buf);
      buf = '';
      i++;
    } else {
      buf += c;
      i++;
    }
  }
  return fields.length === 7 ? { fields, rest: i } : null;
}

function unescapeExtension(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(/\\([\\=nr|])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}

const EXTENSION_KEY = /(?:^|\s)([A-Za-z0-9_.[\]-]+)=/g;

/**
 * Extension pairs: a value runs until the space before the next unescaped `key=`, so values may contain
 * spaces; `\=`, `\\`, `\n`, `\r` are unescaped.
 */
export function parseCefExtensions(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const keys: { key: string; start: number; valueStart: number }[] = [];
  EXTENSION_KEY.lastIndex = 0;
  for (let m = EXTENSION_KEY.exec(text); m !== null; m = EXTENSION_KEY.exec(text)) {
    const eq = m.index + m[0].length - 1;
    if (eq > 0 && text[eq - 1] === '\\') continue; // an escaped '=' inside a value
    keys.push({ key: m[1]!, start: m.index, valueStart: eq + 1 });
  }
  for (let k = 0; k < keys.length; k++) {
    const { key, valueStart } = keys[k]!;
    const end = k + 1 < keys.length ? keys[k + 1]!.start : text.length;
    out[key] = unescapeExtension(text.slice(valueStart, end).trim());
  }
  return out;
}

/** Parses `CEF:0|vendor|product|version|sigid|name|severity|ext`; null when it is not CEF. */
export function parseCef(text: string): CefRecord | null {
  if (!text.startsWith('CEF:')) return null;
  const header = splitHeader(text.slice(4));
  if (header === null) return null;
  const [version = '', vendor = '', product = '', deviceVersion = '', signatureId = '', name = '', severity = ''] =
    header.fields;
  return {
    version,
    device_vendor: vendor,
    device_product: product,
    device_version: deviceVersion,
    signature_id: signatureId,
    name,
    severity,
    extensions: parseCefExtensions(text.slice(4 + header.rest)),
  };
}
