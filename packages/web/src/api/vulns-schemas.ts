import { VulnFinding } from '@citysoc/core';
import { z } from 'zod';

/**
 * The vulnerability API's answer schemas. A finding is core's `VulnFinding` plus its lifecycle, as the server's
 * `FindingView` adds it; the summary is stated here because the server states it in its routes.
 */

export const FindingStatus = z.enum(['open', 'accepted', 'fixed', 'false_positive']);
export type FindingStatus = z.infer<typeof FindingStatus>;

export const FindingView = VulnFinding.extend({
  id: z.string(),
  status: FindingStatus,
  department: z.string(),
  first_seen: z.string(),
  last_seen: z.string(),
  decided_by: z.string().nullable(),
  decision_note: z.string().nullable(),
  accepted_until: z.string().nullable(),
});
export type FindingView = z.infer<typeof FindingView>;

/**
 * The decisions `PATCH /api/vulns/findings/:id` takes: accept the risk until a date (YYYY-MM-DD) with a note,
 * mark a false positive with a note, or reopen.
 */
export type FindingDecision =
  | { readonly status: 'accepted'; readonly note: string; readonly until: string }
  | { readonly status: 'false_positive'; readonly note: string }
  | { readonly status: 'open'; readonly note: string };

const Count = z.coerce.number();

/** `GET /api/vulns/summary`: open findings, by priority, department and service, and the last 30 days. */
export const VulnsSummary = z.object({
  open: Count,
  by_priority: z.object({ P1: Count, P2: Count, P3: Count, P4: Count }),
  kev_open: Count,
  overdue: Count,
  due_7d: Count,
  by_department: z.array(z.object({ department_id: z.string(), open: Count, p1: Count, kev: Count, overdue: Count })),
  by_service: z.array(
    z.object({
      service_id: z.string(),
      name: z.string(),
      department_id: z.string(),
      open: Count,
      p1: Count,
      kev: Count,
    }),
  ),
  /** Oldest first. */
  trend: z.array(z.object({ date: z.string(), open: Count, opened: Count, fixed: Count })),
});
export type VulnsSummary = z.infer<typeof VulnsSummary>;
