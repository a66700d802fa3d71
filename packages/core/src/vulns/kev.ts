import { z } from 'zod';
import { InputError } from '../errors.ts';
import { parseFeed } from './feed-input.ts';
import { CveId, emptyVulnRecord, type VulnRecord } from './vuln-record.ts';

/**
 * The CISA Known Exploited Vulnerabilities catalogue, JSON form (known_exploited_vulnerabilities.json, schema
 * known_exploited_vulnerabilities_schema.json): required fields as the schema requires them, sizes bounded.
 */

const Text = (max: number) => z.string().max(max);
const KevDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

const KevCatalogueEntry = z.object({
  cveID: CveId,
  vendorProject: Text(512),
  product: Text(512),
  vulnerabilityName: Text(1024),
  dateAdded: KevDate,
  shortDescription: Text(16_000),
  requiredAction: Text(4000),
  dueDate: KevDate,
  knownRansomwareCampaignUse: Text(32).optional(),
  notes: Text(16_000).optional(),
  cwes: z
    .array(z.string().regex(/^CWE-\d+$/, 'must be CWE-NNN'))
    .max(100)
    .optional(),
});

export const KevCatalogue = z.object({
  title: Text(512).optional(),
  catalogVersion: Text(64),
  dateReleased: Text(64),
  count: z.number().int().min(0),
  vulnerabilities: z.array(KevCatalogueEntry).max(100_000),
});
export type KevCatalogue = z.infer<typeof KevCatalogue>;

/** A parsed catalogue: its version and date, and one record per entry. */
export interface ParsedKev {
  readonly catalogVersion: string;
  readonly dateReleased: string;
  readonly records: VulnRecord[];
}

/**
 * Parses the KEV catalogue (JSON text or parsed JSON). Throws InputError with the JSON path of the first
 * problems, or when `count` disagrees with the entries (a truncated file).
 */
export function parseKevCatalogue(input: unknown): ParsedKev {
  const catalogue = parseFeed(KevCatalogue, input, 'KEV catalogue');
  if (catalogue.count !== catalogue.vulnerabilities.length) {
    throw new InputError(
      `KEV catalogue: count says ${catalogue.count} but it holds ${catalogue.vulnerabilities.length} entries (truncated?)`,
    );
  }
  const records = catalogue.vulnerabilities.map((entry): VulnRecord => {
    const record = emptyVulnRecord(entry.cveID, 'kev');
    return {
      ...record,
      description: entry.shortDescription,
      cwe: entry.cwes ?? [],
      kev: {
        dateAdded: entry.dateAdded,
        dueDate: entry.dueDate,
        ransomware: entry.knownRansomwareCampaignUse === 'Known' ? true : null,
        action: entry.requiredAction,
      },
    };
  });
  return { catalogVersion: catalogue.catalogVersion, dateReleased: catalogue.dateReleased, records };
}
