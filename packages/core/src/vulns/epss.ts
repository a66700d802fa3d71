import { InputError } from '../errors.ts';
import { MAX_FEED_CHARS } from './feed-input.ts';
import { emptyVulnRecord, type VulnRecord } from './vuln-record.ts';

/**
 * FIRST EPSS daily CSV (epss_scores-YYYY-MM-DD.csv):
 *
 *     #model_version:v2023.03.01,score_date:2023-03-20T00:00:00+0000
 *     cve,epss,percentile
 *     CVE-1999-0001,0.01167,0.83060
 *
 * The comment line is optional; the header names the columns (any order, `percentile` optional in the oldest
 * files). Every row is checked; the first bad one is reported with its line number.
 */

export const MAX_EPSS_ROWS = 2_000_000;

/** The parsed file: model version and score date from the comment line (null when absent), one record per row. */
export interface ParsedEpss {
  readonly modelVersion: string | null;
  readonly scoreDate: string | null;
  readonly records: VulnRecord[];
}

function probability(text: string | undefined, column: string, line: number): number {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new InputError(`EPSS CSV line ${line}: ${column} "${text ?? ''}" is not a number between 0 and 1`);
  }
  return value;
}

export function parseEpssCsv(text: string): ParsedEpss {
  if (text.length > MAX_FEED_CHARS) throw new InputError(`EPSS CSV: larger than ${MAX_FEED_CHARS} characters`);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let i = 0;
  let modelVersion: string | null = null;
  let scoreDate: string | null = null;
  while (i < lines.length && (lines[i] as string).startsWith('#')) {
    for (const pair of (lines[i] as string).slice(1).split(',')) {
      const at = pair.indexOf(':');
      const key = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (at > 0 && key === 'model_version') modelVersion = value.slice(0, 64);
      if (at > 0 && key === 'score_date') scoreDate = value.slice(0, 64);
    }
    i++;
  }
  const header = (lines[i] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const cveAt = header.indexOf('cve');
  const epssAt = header.indexOf('epss');
  const percentileAt = header.indexOf('percentile');
  if (cveAt < 0 || epssAt < 0) {
    throw new InputError(
      `EPSS CSV line ${i + 1}: header must name the columns cve and epss (got "${(lines[i] ?? '').slice(0, 80)}")`,
    );
  }
  const records: VulnRecord[] = [];
  for (i += 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    if (records.length >= MAX_EPSS_ROWS) throw new InputError(`EPSS CSV: more than ${MAX_EPSS_ROWS} rows`);
    if (line.length > 256) throw new InputError(`EPSS CSV line ${i + 1}: longer than 256 characters`);
    const cells = line.split(',');
    const cve = (cells[cveAt] ?? '').trim();
    if (!/^CVE-\d{4}-\d{4,19}$/.test(cve)) {
      throw new InputError(`EPSS CSV line ${i + 1}: "${cve.slice(0, 40)}" is not a CVE id`);
    }
    const score = probability(cells[epssAt], 'epss', i + 1);
    const percentile = percentileAt < 0 ? 0 : probability(cells[percentileAt], 'percentile', i + 1);
    records.push({ ...emptyVulnRecord(cve, 'epss'), epss: { score, percentile, date: scoreDate } });
  }
  return { modelVersion, scoreDate, records };
}
