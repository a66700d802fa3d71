/**
 * Anonymisation for open-data release: k-anonymity and distinct l-diversity by full-domain generalisation with
 * suppression, keyed pseudonyms for direct identifiers, and differentially private aggregates. Pure: the CLI
 * (`citysoc privacy anonymize`) reads and writes the files. README.md beside this file documents the spec,
 * the algorithm, the information-loss metrics and the privacy assumptions.
 */
export * from './anonymization-spec.ts';
export * from './generalization.ts';
// lattice-search.ts stays internal: its generic names (partition, evaluateNode) would crowd @citysoc/core.
export type { PrivacyTargets } from './lattice-search.ts';
export * from './anonymization-report.ts';
export * from './differential-privacy.ts';
export * from './anonymizer.ts';
export * from './csv-safety.ts';
export * from './csv-records.ts';
