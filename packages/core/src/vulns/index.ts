/**
 * Vulnerability intelligence: feed parsers (KEV, CVE 5, NVD API 2.0, EPSS), CPE 2.3 and version semantics,
 * matching against inventory software, SSVC prioritisation and findings. README.md beside this file describes
 * the semantics and their limits.
 */
export {
  ANY as CPE_ANY,
  NA as CPE_NA,
  type Cpe,
  type CpeAttribute,
  type CpePattern,
  type CpeValue,
  CPE_ATTRIBUTES,
  compareAttribute,
  cpeProductKey,
  describeCpeValue,
  formatCpe,
  parseCpe,
  parseCpeUri,
  productKey,
  quoteCpeValue,
  tryParseCpe,
  vendorKey,
} from './cpe.ts';
export * from './version.ts';
export * from './cvss.ts';
export * from './vuln-record.ts';
export * from './feed-input.ts';
export * from './kev.ts';
export * from './cve5.ts';
export * from './nvd.ts';
export * from './epss.ts';
export * from './feed.ts';
export { type AssetCpe, assetCpes, PossibleMatch, type Tri as MatchAnswer, VulnMatch } from './match-types.ts';
export { type CompiledNvdConfig, compileNvdConfig, evaluateNvdConfig, type NvdEvaluation } from './nvd-match.ts';
export { type CompiledCve5, compileCve5, evaluateCve5, type Cve5Evaluation } from './cve5-match.ts';
export * from './match.ts';
export * from './ssvc.ts';
export * from './prioritise.ts';
export * from './findings.ts';
