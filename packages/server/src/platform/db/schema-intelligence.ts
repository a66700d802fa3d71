import type { Generated } from 'kysely';

/** Tables of threat and vulnerability intelligence and the security stance (migration 0005, 0006). */

export interface IntelSourcesTable {
  id: string;
  kind: string;
  description: string;
  default_confidence: number | null;
  created_at: string;
  updated_at: string;
}

export interface IntelObjectsTable {
  added_seq: Generated<number>;
  id: string;
  type: string;
  spec_version: string;
  source_id: string;
  modified: string | null;
  added_at: string;
  /** The STIX object as JSON, exactly as imported. */
  document: string;
}

export interface IndicatorsTable {
  id: string;
  source_id: string;
  name: string | null;
  pattern: string;
  pattern_type: string;
  /** Why the pattern cannot match single events; null when it can. */
  not_matchable: string | null;
  confidence: number;
  tlp: string | null;
  /** JSON array of labels and tags */
  labels: string;
  valid_from: string;
  valid_until: string | null;
  /** The warninglist that marks the value as known-benign, if any. */
  suppressed_by: string | null;
  revoked_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SightingsTable {
  id: string;
  indicator_id: string;
  value: string;
  department_id: string | null;
  first_seen: string;
  last_seen: string;
  count: number | string;
  last_event_id: string;
}

export interface VulnerabilitiesTable {
  cve: string;
  published: string | null;
  cvss: number | null;
  kev_added: string | null;
  kev_due: string | null;
  epss: number | null;
  /** The merged vulnerability record as JSON. */
  document: string;
  updated_at: string;
}

export interface VulnFindingsTable {
  id: string;
  asset_id: string;
  cve: string;
  department_id: string;
  status: string;
  priority: string;
  score: number;
  ssvc: string;
  due: string | null;
  reason: string;
  first_seen: string;
  last_seen: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  accepted_until: string | null;
  /** The VulnFinding as JSON */
  document: string;
}

export interface StanceChangesTable {
  seq: Generated<number>;
  /** '*' for the city, else a department id */
  scope: string;
  level: number;
  computed_level: number;
  /** JSON array of reasons */
  reasons: string;
  override_by: string | null;
  override_until: string | null;
  at: string;
}

export interface TaxiiFeedsTable {
  name: string;
  /** e.g. https://peer.example/taxii2/city/ */
  api_root: string;
  collection_id: string;
  token: string | null;
  interval_minutes: number;
  confidence: number | null;
  /** The newest X-TAXII-Date-Added-Last seen: the next poll asks for objects added after it. */
  added_after: string | null;
  last_polled_at: string | null;
  last_error: string | null;
  created_at: string;
}
