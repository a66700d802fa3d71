/**
 * Incident metrics and reports: MTTD, MTTA, MTTC, MTTR with medians and p90, SLA compliance, grouped and over
 * time, and the figures of the monthly governance report. Pure; README.md beside this file defines each
 * metric from the timestamps a case stores.
 */
export * from './metrics.ts';
export * from './report-schemas.ts';
export * from './monthly.ts';
export * from './tlp.ts';
export * from './format.ts';
