import { z } from 'zod';
import { AssetType, Criticality } from '../city/inventory.ts';
import { DurationSeconds } from '../city/duration.ts';

/**
 * The four directions of technical protection (ITU-T smart-city security guidance: physical and environmental,
 * system, network, data and application) plus security management, which the others rest on.
 */
export const PostureDirection = z.enum(['physical', 'system', 'network', 'data_application', 'management']);
export type PostureDirection = z.infer<typeof PostureDirection>;

export const ControlId = z.string().regex(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/, 'must look like SYS-AV-01');

/** Which assets a control applies to: every condition given must hold; none given means every asset. */
export const ControlScope = z.strictObject({
  asset_types: z.array(AssetType).max(20).optional(),
  /** Network zones (free text in the inventory, compared case-insensitively). */
  zones: z.array(z.string().trim().toLowerCase().min(1).max(64)).max(50).optional(),
  /** Lowest criticality of the asset itself. */
  min_criticality: Criticality.optional(),
  /** Only assets some of these services depend on (directly or through other assets). */
  services: z.array(z.string().min(1).max(128)).max(200).optional(),
});
export type ControlScope = z.infer<typeof ControlScope>;

/** A reading the asset (or a sensor, gateway or agent for it) reports as device telemetry. */
const TelemetryEvidence = z.strictObject({
  kind: z.literal('telemetry'),
  /** `citysoc.telemetry.metric` of the report, e.g. `antivirus`, `hardening_score`, `backup_job`. */
  metric: z.string().min(1).max(128),
  /** Passing states (`citysoc.telemetry.state`, lower case), e.g. [ok, up_to_date]. */
  pass_states: z.array(z.string().trim().toLowerCase().min(1).max(64)).max(20).optional(),
  /** Passing values, e.g. {gte: 80} for a hardening score in percent. */
  pass_values: z.strictObject({ gte: z.number().optional(), lte: z.number().optional() }).optional(),
  /** A report older than this is stale evidence, and stale evidence fails. */
  max_age: DurationSeconds,
});

/** The asset's vulnerability findings (CVE/KEV matching): the patch level. */
const VulnerabilityEvidence = z.strictObject({
  kind: z.literal('vulnerabilities'),
  /** Fails while a finding of this priority or worse is open… */
  max_open_priority: z.enum(['P1', 'P2', 'P3', 'P4']).default('P1'),
  /** …or while any open finding is past its due date. */
  fail_when_overdue: z.boolean().default(true),
});

/**
 * The asset keeps reporting: it is operational and not silent (silence detection on its declared
 * report_interval). For sensors whose health is the control: firewall and IDS sensors, access control,
 * cameras.
 */
const ReportingEvidence = z.strictObject({ kind: z.literal('reporting') });

/**
 * Environmental monitoring of where the asset stands: an inventoried sensor in the same zone declares the
 * metric with a range, reports, and its last reading is in range.
 */
const EnvironmentEvidence = z.strictObject({
  kind: z.literal('environment'),
  metrics: z.array(z.string().min(1).max(128)).min(1).max(10),
  max_age: DurationSeconds,
});

/** A person states the control is in place; valid until the attestation's expiry. */
const AttestationEvidence = z.strictObject({
  kind: z.literal('attestation'),
  /** Longest validity an attestation may be given. */
  max_validity: DurationSeconds.default(365 * 86_400),
});

export const ControlEvidence = z.discriminatedUnion('kind', [
  TelemetryEvidence,
  VulnerabilityEvidence,
  ReportingEvidence,
  EnvironmentEvidence,
  AttestationEvidence,
]);
export type ControlEvidence = z.infer<typeof ControlEvidence>;

/** Clause/requirement references, so auditors can map the city's posture onto the frameworks they audit. */
export const ControlReferences = z.strictObject({
  iso27001: z.array(z.string().regex(/^A\.\d+\.\d+$/, 'an ISO/IEC 27001:2022 Annex A control, e.g. A.8.7')).default([]),
  nist_csf: z
    .array(z.string().regex(/^[A-Z]{2}\.[A-Z]{2}-\d{2}$/, 'a NIST CSF 2.0 subcategory, e.g. PR.PS-02'))
    .default([]),
  iec62443: z
    .array(z.string().regex(/^SR \d+\.\d+( RE\(\d+\))?$/, 'an IEC 62443-3-3 requirement, e.g. SR 3.2'))
    .default([]),
});

export const Control = z.strictObject({
  id: ControlId,
  title: z.string().trim().min(1).max(200),
  direction: PostureDirection,
  description: z.string().trim().min(1).max(4000),
  /**
   * `asset`: evaluated on each asset in scope. `department`: evaluated once per department (management
   * controls such as an incident response plan), by attestation.
   */
  level: z.enum(['asset', 'department']).default('asset'),
  applies_to: ControlScope.default({}),
  evidence: ControlEvidence,
  /** Relative weight in scores (2 counts a control twice). */
  weight: z.number().min(0.1).max(10).default(1),
  references: ControlReferences.default({ iso27001: [], nist_csf: [], iec62443: [] }),
});
export type Control = z.infer<typeof Control>;

/** A control file: `content/controls/<direction>.yml` holds `controls: [...]`. */
export const ControlFileDocument = z.strictObject({ controls: z.array(Control).min(1).max(500) });
