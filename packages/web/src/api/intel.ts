import { request, TextBody } from './client.ts';
import {
  AttackCoverage,
  type AttackDomain,
  Indicator,
  IntelImportSummary,
  IntelSummary,
  PublishedBlocklist,
  Sighting,
  TaxiiFeed,
  TaxiiPollResult,
} from './intel-schemas.ts';

/** The threat intelligence endpoints the Intelligence area uses. */

const indicatorList = Indicator.array();
const feedList = TaxiiFeed.array();
const sightingList = Sighting.array();
const blocklistList = PublishedBlocklist.array();

export function fetchIntelSummary(): Promise<IntelSummary> {
  return request('GET', '/api/intel/summary', (json) => IntelSummary.parse(json));
}

/** `query` is built by indicatorQuery (source, matchable, limit, offset); newest updates first. */
export function listIndicators(query: URLSearchParams): Promise<Indicator[]> {
  return request('GET', `/api/intel/indicators?${query.toString()}`, (json) => indicatorList.parse(json));
}

export function listTaxiiFeeds(): Promise<TaxiiFeed[]> {
  return request('GET', '/api/intel/taxii-feeds', (json) => feedList.parse(json));
}

/** A TAXII collection to poll; the server fills the defaults (no token, hourly, the source's confidence). */
export interface NewTaxiiFeed {
  readonly name: string;
  readonly apiRoot: string;
  readonly collection: string;
  readonly token: string | null;
  readonly intervalMinutes: number;
  readonly confidence: number | null;
}

/** Needs intel.manage. */
export function addTaxiiFeed(feed: NewTaxiiFeed): Promise<TaxiiFeed> {
  return request('POST', '/api/intel/taxii-feeds', (json) => TaxiiFeed.parse(json), feed);
}

/** Polls the feed now instead of at its next interval; needs intel.manage. */
export function pollTaxiiFeed(name: string): Promise<TaxiiPollResult> {
  return request('POST', `/api/intel/taxii-feeds/${encodeURIComponent(name)}/poll`, (json) =>
    TaxiiPollResult.parse(json),
  );
}

/** Where imported objects are attributed, and how far they are trusted when they carry no confidence. */
export interface IntelImportOptions {
  readonly source: string;
  readonly confidence?: number;
}

/**
 * Imports STIX 2.x text (bundle, TAXII envelope, array or NDJSON) into a source; needs intel.manage. Sent as
 * plain text, so the server reads NDJSON too and its refusals speak of the file as the user chose it.
 */
export function importIntel(text: string, options: IntelImportOptions): Promise<IntelImportSummary> {
  const query = new URLSearchParams({ source: options.source });
  if (options.confidence !== undefined) query.set('confidence', String(options.confidence));
  return request(
    'POST',
    `/api/intel/import?${query.toString()}`,
    (json) => IntelImportSummary.parse(json),
    new TextBody(text, 'text/plain'),
  );
}

/** Newest `last_seen` first. */
export function listSightings(limit: number): Promise<Sighting[]> {
  return request('GET', `/api/intel/sightings?limit=${limit}`, (json) => sightingList.parse(json));
}

/** Where the browser downloads the sightings as a STIX 2.1 bundle. */
export const SIGHTINGS_STIX_PATH = '/api/intel/sightings/stix';

/** Needs alerts.read: coverage is about the detection rules. */
export function fetchAttackCoverage(domain: AttackDomain): Promise<AttackCoverage> {
  return request('GET', `/api/attack/coverage?domain=${domain}`, (json) => AttackCoverage.parse(json));
}

export function listBlocklists(): Promise<PublishedBlocklist[]> {
  return request('GET', '/api/blocklists', (json) => blocklistList.parse(json));
}
