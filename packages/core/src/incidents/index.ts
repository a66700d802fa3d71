/**
 * Incident management: the case schemas, the NIST SP 800-61 phase table, SLA clocks and the automatic grouping
 * of alerts into incidents. Pure; README.md beside this file documents the SLA table, the pauses and the
 * grouping semantics.
 */
export * from './lifecycle.ts';
export * from './sla.ts';
export * from './grouping.ts';
export * from './incident.ts';
export * from './casework.ts';
export * from './on-call.ts';
