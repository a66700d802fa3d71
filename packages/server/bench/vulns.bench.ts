/**
 * Vulnerability-matching figures for `npm run bench`: the NVD CPE dictionary page of ../shared/data (10,000 real
 * CPE names, each one asset) matched against every vulnerability record of the data (KEV catalogue, the CVE 5
 * records, the NVD CVE API pages, merged per CVE), against the target of < 10 s. Also shows the same
 * work without the vendor:product index. Run alone:
 *   npx tsx -e "import('./packages/server/bench/vulns.bench.ts').then((m) => m.benchVulns())"
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  assetCpes,
  buildVulnIndex,
  evaluateAsset,
  findVulnerabilities,
  parseNvdCpeResponse,
  parseVulnFeed,
  type VulnRecord,
} from '@citysoc/core';

const TARGET_MS = 10_000;
const SHARED = fileURLToPath(new URL('../../../../shared/data', import.meta.url));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

function loadRecords(): { records: VulnRecord[]; files: number } {
  const files = [
    path.join(SHARED, 'cisa-kev/known_exploited_vulnerabilities.json'),
    ...filesUnder(path.join(SHARED, 'cve/cvelist-v5-records-from-vulnrichment')),
    ...['cves-2023.json', 'cves-1999.json', 'cves-CVE-2023-0001.json'].map((f) =>
      path.join(SHARED, 'nvd/api-2.0-responses', f),
    ),
  ];
  const records = files.flatMap((file) => parseVulnFeed(readFileSync(file, 'utf8'), file).records);
  return { records, files: files.length };
}

export async function benchVulns(): Promise<void> {
  let started = performance.now();
  const { records, files } = loadRecords();
  const parseMs = performance.now() - started;

  const dictionary = parseNvdCpeResponse(
    readFileSync(path.join(SHARED, 'nvd/api-2.0-responses/cpes-2023.json'), 'utf8'),
  );
  const assets = dictionary.map((entry, i) => ({
    id: `cpe-${i}`,
    software: [entry.cpeName],
    criticality: 'medium' as const,
    zone: i % 10 === 0 ? 'dmz' : 'it',
  }));

  started = performance.now();
  const index = buildVulnIndex(records);
  const indexMs = performance.now() - started;

  const now = new Date();
  started = performance.now();
  const first = findVulnerabilities(index, assets, () => [], now);
  const firstMs = performance.now() - started;
  const warm: number[] = [];
  for (let run = 0; run < 3; run++) {
    started = performance.now();
    findVulnerabilities(index, assets, () => [], now);
    warm.push(performance.now() - started);
  }
  const warmMs = Math.min(...warm);

  // Without the index: every asset against every record (still with each record's pre-parsed criteria).
  started = performance.now();
  let naiveHits = 0;
  for (const asset of assets) {
    const software = assetCpes(asset.software);
    for (const record of index.records) if (evaluateAsset(software, record).matches.length > 0) naiveHits++;
  }
  const naiveMs = performance.now() - started;

  const total = parseMs + indexMs + firstMs;
  console.log(
    `vulnerability matching: ${fmt(records.length)} records from ${files} files (KEV, CVE 5, NVD) → ${fmt(index.records.length)} CVEs; ${fmt(assets.length)} NVD CPE dictionary entries as assets`,
  );
  console.log(`  parse + validate the feeds          ${fmt(parseMs).padStart(10)} ms`);
  console.log(
    `  merge + build the index             ${fmt(indexMs).padStart(10)} ms  (${fmt(index.byKey.size)} vendor:product keys)`,
  );
  console.log(
    `  match + prioritise, first run       ${fmt(firstMs).padStart(10)} ms  (${fmt(first.findings.length)} findings, ${fmt(first.possible.length)} possible)`,
  );
  console.log(`  match + prioritise, warm            ${fmt(warmMs).padStart(10)} ms`);
  console.log(
    `  without the index                   ${fmt(naiveMs).padStart(10)} ms  (${naiveHits === first.findings.length ? 'same' : 'DIFFERENT'} findings; index ${(naiveMs / warmMs).toFixed(0)}× faster)`,
  );
  console.log(
    `  total, cold                         ${fmt(total).padStart(10)} ms  target < ${fmt(TARGET_MS)} ms: ${total < TARGET_MS ? 'met' : 'MISSED'}`,
  );
}
