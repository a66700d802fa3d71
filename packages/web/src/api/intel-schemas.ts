import { z } from 'zod';

/**
 * The intelligence API's answer schemas. The server states these shapes in its routes and services rather
 * than in core, so the dashboard states them here and parses every answer with them; objects are not strict,
 * so a field the server adds later does not break the page.
 */

export const IntelSource = z.object({ id: z.string(), kind: z.string(), description: z.string() });
export type IntelSource = z.infer<typeof IntelSource>;

/** `GET /api/intel/summary`: the sources, STIX objects stored per type, and the indicators derived from them. */
export const IntelSummary = z.object({
  sources: z.array(IntelSource),
  objects: z.record(z.string(), z.number()),
  indicators: z.object({ total: z.number(), matchable: z.number(), suppressed: z.number() }),
});
export type IntelSummary = z.infer<typeof IntelSummary>;

/** One indicator as stored: its STIX pattern, where it came from, and why it may not match. */
export const Indicator = z.object({
  id: z.string(),
  source_id: z.string(),
  name: z.string().nullable(),
  pattern: z.string(),
  pattern_type: z.string(),
  /** Why the pattern cannot match single events; null when it can. */
  not_matchable: z.string().nullable(),
  confidence: z.coerce.number(),
  tlp: z.string().nullable(),
  labels: z.array(z.string()),
  valid_from: z.string(),
  valid_until: z.string().nullable(),
  /** The warninglist that marks the value as known-benign. */
  suppressed_by: z.string().nullable(),
  revoked_at: z.string().nullable(),
  updated_at: z.string(),
});
export type Indicator = z.infer<typeof Indicator>;

/** A TAXII 2.1 collection this city polls. */
export const TaxiiFeed = z.object({
  name: z.string(),
  apiRoot: z.string(),
  collection: z.string(),
  intervalMinutes: z.number(),
  addedAfter: z.string().nullable(),
  lastPolledAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
export type TaxiiFeed = z.infer<typeof TaxiiFeed>;

/** What one poll brought in. */
export const TaxiiPollResult = z.object({ objects: z.number(), indicators: z.number(), pages: z.number() });
export type TaxiiPollResult = z.infer<typeof TaxiiPollResult>;

/** What an import stored, what became indicators, and what was refused (the first 100 reasons). */
export const IntelImportSummary = z.object({
  objects: z.number(),
  indicators: z.number(),
  rejected: z.number(),
  errors: z.array(z.object({ index: z.number(), id: z.string().optional(), reason: z.string() })),
});
export type IntelImportSummary = z.infer<typeof IntelImportSummary>;

/** An indicator seen in the city's telemetry: the value that matched, where, how often, and the last event. */
export const Sighting = z.object({
  id: z.string(),
  indicator_id: z.string(),
  indicator_name: z.string().nullable(),
  pattern: z.string(),
  confidence: z.coerce.number(),
  source_id: z.string(),
  value: z.string(),
  department_id: z.string().nullable(),
  first_seen: z.string(),
  last_seen: z.string(),
  count: z.coerce.number(),
  last_event_id: z.string(),
});
export type Sighting = z.infer<typeof Sighting>;

export const AttackDomain = z.enum(['enterprise', 'ics']);
export type AttackDomain = z.infer<typeof AttackDomain>;

export const AttackTechniqueCoverage = z.object({
  id: z.string(),
  name: z.string(),
  /** MITRE's page of the technique, from the imported bundle. */
  url: z.string().nullable().optional(),
  /** Ids of the enabled rules tagged with the technique. */
  rules: z.array(z.string()),
  alerts_30d: z.number(),
});
export type AttackTechniqueCoverage = z.infer<typeof AttackTechniqueCoverage>;

export const AttackTacticCoverage = z.object({
  id: z.string(),
  shortname: z.string(),
  name: z.string(),
  techniques: z.array(AttackTechniqueCoverage),
});
export type AttackTacticCoverage = z.infer<typeof AttackTacticCoverage>;

/** `GET /api/attack/coverage`: which ATT&CK techniques the enabled rules detect, per tactic. */
export const AttackCoverage = z.object({
  domain: AttackDomain,
  /** False until the ATT&CK bundle of the domain has been imported (`citysoc intel import`). */
  imported: z.boolean(),
  techniques_total: z.number(),
  techniques_covered: z.number(),
  tactics: z.array(AttackTacticCoverage),
});
export type AttackCoverage = z.infer<typeof AttackCoverage>;

/** A value kept off a blocklist and why (the city's own address, a known-benign value). */
export const BlocklistSkip = z.object({ value: z.string(), indicatorId: z.string(), reason: z.string() });
export type BlocklistSkip = z.infer<typeof BlocklistSkip>;

/** A blocklist the stance policies name, for enforcement points to fetch. */
export const PublishedBlocklist = z.object({
  name: z.string(),
  /** ip, domain, url, file_hash: what the consumer can enforce. */
  kinds: z.array(z.string()),
  /** Null while no policy in force publishes the list: it is served empty, so enforcement points unblock. */
  min_confidence: z.number().nullable(),
  entries: z.number(),
  /** Only city-wide readers get them: they name the city's own addresses. */
  skipped: z.array(BlocklistSkip).default([]),
  /** Relative to the server: `/api/blocklists/<name>.txt`. */
  url: z.string(),
});
export type PublishedBlocklist = z.infer<typeof PublishedBlocklist>;
