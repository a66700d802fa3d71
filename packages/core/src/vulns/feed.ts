import { z } from 'zod';
import { InputError } from '../errors.ts';
import { cve5ToRecord, Cve5Record } from './cve5.ts';
import { parseEpssCsv } from './epss.ts';
import { parseFeed, parseFeedJson } from './feed-input.ts';
import { parseKevCatalogue } from './kev.ts';
import { parseNvdCveResponse } from './nvd.ts';
import type { VulnRecord } from './vuln-record.ts';

/**
 * One entry point for `citysoc vulns import <file|dir>`: the caller reads each file and hands its text here;
 * the kind is recognised from the content (not the file name) and the file parsed by the matching parser.
 */

export const VulnFeedKind = z.enum(['kev', 'cve5', 'nvd', 'epss']);
export type VulnFeedKind = z.infer<typeof VulnFeedKind>;

/** What one file held: its kind, a one-line summary for the CLI, and its records (not yet merged). */
export interface VulnFeed {
  readonly kind: VulnFeedKind;
  readonly summary: string;
  readonly records: VulnRecord[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The kind of a parsed JSON document, or null. */
function jsonKind(json: unknown): VulnFeedKind | 'cve5-list' | 'nvd-cpe' | null {
  if (Array.isArray(json)) return json.length > 0 && isObject(json[0]) && 'cveMetadata' in json[0] ? 'cve5-list' : null;
  if (!isObject(json)) return null;
  if ('catalogVersion' in json && Array.isArray(json.vulnerabilities)) return 'kev';
  if (
    json.format === 'NVD_CVE' ||
    (Array.isArray(json.vulnerabilities) && isObject(json.vulnerabilities[0]) && 'cve' in json.vulnerabilities[0])
  ) {
    return 'nvd';
  }
  if (json.format === 'NVD_CPE') return 'nvd-cpe';
  if (json.dataType === 'CVE_RECORD' || 'cveMetadata' in json) return 'cve5';
  return null;
}

/**
 * Recognises and parses one feed file's text: KEV catalogue JSON, a CVE JSON 5.x record (or a JSON array of
 * them), an NVD CVE API 2.0 response, or an EPSS CSV. Throws InputError naming the file (`name`) when the
 * content is none of these or fails its schema.
 */
export function parseVulnFeed(text: string, name = 'input'): VulnFeed {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('#') || /^cve,/i.test(start)) {
    const epss = parseEpssCsv(text);
    return {
      kind: 'epss',
      summary: `EPSS ${epss.modelVersion ?? '(no model version)'} of ${epss.scoreDate ?? '(no date)'}: ${epss.records.length} scores`,
      records: epss.records,
    };
  }
  if (!start.startsWith('{') && !start.startsWith('[')) {
    throw new InputError(`${name}: neither JSON nor an EPSS CSV`);
  }
  const json = parseFeedJson(text, name);
  switch (jsonKind(json)) {
    case 'kev': {
      const kev = parseKevCatalogue(json);
      return {
        kind: 'kev',
        summary: `KEV catalogue ${kev.catalogVersion}: ${kev.records.length} entries`,
        records: kev.records,
      };
    }
    case 'nvd': {
      const nvd = parseNvdCveResponse(json);
      return { kind: 'nvd', summary: `NVD CVE response: ${nvd.records.length} CVEs`, records: nvd.records };
    }
    case 'cve5':
      return { kind: 'cve5', summary: 'CVE 5 record', records: [cve5ToRecord(parseFeed(Cve5Record, json, name))] };
    case 'cve5-list': {
      const list = parseFeed(z.array(Cve5Record).max(100_000), json, name);
      return { kind: 'cve5', summary: `${list.length} CVE 5 records`, records: list.map(cve5ToRecord) };
    }
    case 'nvd-cpe':
      throw new InputError(`${name}: an NVD CPE dictionary, not vulnerability data (import it as inventory software)`);
    default:
      throw new InputError(`${name}: not a KEV catalogue, CVE 5 record, NVD CVE response or EPSS CSV`);
  }
}
