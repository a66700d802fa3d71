import { z } from 'zod';
import { IncidentsSummary } from './incidents/casework.ts';

/** The product areas of DESIGN.md, in navigation order, and whether each is built yet. */
export const AREAS = [
  { id: 'overview', title: 'Overview', built: true },
  { id: 'alerts', title: 'Alerts', built: true },
  { id: 'incidents', title: 'Incidents', built: true },
  { id: 'events', title: 'Events', built: true },
  { id: 'city', title: 'City', built: true },
  { id: 'intelligence', title: 'Intelligence', built: true },
  { id: 'vulnerabilities', title: 'Vulnerabilities', built: true },
  { id: 'posture', title: 'Posture', built: true },
  { id: 'data-protection', title: 'Data protection', built: true },
  { id: 'administration', title: 'Administration', built: true },
] as const;
export type AreaId = (typeof AREAS)[number]['id'];

export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  store: z.enum(['sqlite', 'postgres']),
  bus: z.enum(['memory', 'nats']),
  uptimeSeconds: z.number(),
  database: z.object({ ok: z.boolean(), latencyMs: z.number() }),
});
export type Health = z.infer<typeof Health>;

/** Figures for the overview page, counted within the caller's departments. */
export const Overview = z.object({
  health: Health,
  counts: z.object({
    departments: z.number().int(),
    users: z.number().int().nullable(),
    activeTokens: z.number().int().nullable(),
    auditEntries: z.number().int().nullable(),
    events: z.number().int().nullable(),
  }),
  /** Ingest counters since the server started (city-wide), for those who may read events. */
  ingest: z
    .object({
      received: z.number().int(),
      accepted: z.number().int(),
      rejected: z.number().int(),
      dropped: z.number().int(),
      queuedEvents: z.number().int(),
      commitLatencyP99Ms: z.number(),
    })
    .nullable(),
  audit: z
    .object({ ok: z.boolean(), entries: z.number().int(), firstBrokenSeq: z.number().int().nullable() })
    .nullable(),
  /** Open incidents by severity and SLA breaches, for those who may read incidents. */
  incidents: IncidentsSummary.nullable().optional(),
  recentActivity: z.array(
    z.object({
      seq: z.number().int(),
      at: z.string(),
      actorName: z.string(),
      action: z.string(),
      targetType: z.string(),
      targetId: z.string(),
      /** A readable name for the target (department name, username) when the entry carries one. */
      targetLabel: z.string().nullable(),
    }),
  ),
});
export type Overview = z.infer<typeof Overview>;
