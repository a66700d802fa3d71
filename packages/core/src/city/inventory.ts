import { z } from 'zod';
import { DepartmentId } from '../departments.ts';
import { DurationSeconds } from './duration.ts';

/**
 * The city model as written in inventory files, accepted by the API and produced by export: one shape for all
 * three, so an export imports back unchanged. Keys are snake_case because the file format is a published
 * contract (`citysoc inventory import`); the API uses the same objects rather than a camelCase twin.
 */

/** Service and asset ids: short, stable, readable in URLs and files ("water-supply", "scada-1"). */
export const InventoryId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/,
    'must be 1-128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
  );

export const Criticality = z.enum(['low', 'medium', 'high', 'critical']);
export type Criticality = z.infer<typeof Criticality>;

export const ASSET_TYPES = [
  'sensor',
  'gateway',
  'plc',
  'camera',
  'server',
  'vm',
  'cloud',
  'network',
  'endpoint',
  'mobile',
  'database',
  'application',
] as const;
export const AssetType = z.enum(ASSET_TYPES);
export type AssetType = z.infer<typeof AssetType>;

/** Unavailable states (offline, isolated, silent) count as missing members in the cascade impact. */
export const AssetStatus = z.enum(['operational', 'offline', 'isolated', 'silent']);
export type AssetStatus = z.infer<typeof AssetStatus>;

export const NodeKind = z.enum(['service', 'asset']);
export type NodeKind = z.infer<typeof NodeKind>;

export interface DependencyRef {
  kind: NodeKind;
  id: string;
}

const MAX_GROUP_MEMBERS = 1000;

/**
 * One dependency group: the owner needs `need` of its members (default: all). `soft` groups degrade the owner
 * when they fail but never take it down. Members are named by kind so ids of services and assets never clash.
 */
export const DependencyGroup = z
  .strictObject({
    service: InventoryId.optional(),
    services: z.array(InventoryId).max(MAX_GROUP_MEMBERS).optional(),
    asset: InventoryId.optional(),
    assets: z.array(InventoryId).max(MAX_GROUP_MEMBERS).optional(),
    need: z.number().int().min(1).optional(),
    soft: z.boolean().optional(),
  })
  .superRefine((group, ctx) => {
    const count = dependencyMembers(group).length;
    if (count === 0)
      ctx.addIssue({ code: 'custom', message: 'a dependency group names at least one service or asset' });
    if (group.need !== undefined && group.need > count) {
      ctx.addIssue({ code: 'custom', path: ['need'], message: `need ${group.need} is more than its ${count} members` });
    }
  });
export type DependencyGroup = z.infer<typeof DependencyGroup>;

export function dependencyMembers(group: DependencyGroup): DependencyRef[] {
  const members: DependencyRef[] = [];
  if (group.service !== undefined) members.push({ kind: 'service', id: group.service });
  for (const id of group.services ?? []) members.push({ kind: 'service', id });
  if (group.asset !== undefined) members.push({ kind: 'asset', id: group.asset });
  for (const id of group.assets ?? []) members.push({ kind: 'asset', id });
  return members;
}

/** How many members must be available for the group to hold. */
export function dependencyNeed(group: DependencyGroup): number {
  return group.need ?? dependencyMembers(group).length;
}

const DependsOn = z.array(DependencyGroup).max(MAX_GROUP_MEMBERS).default([]);

export const InventoryDepartment = z.strictObject({
  id: DepartmentId,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
});
export type InventoryDepartment = z.infer<typeof InventoryDepartment>;

export const ServiceDefinition = z.strictObject({
  id: InventoryId,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(4000).optional(),
  department: DepartmentId,
  criticality: Criticality.default('medium'),
  /** Residents served: the unit of "population affected" in the cascade impact. */
  population: z.number().int().min(0).max(1_000_000_000).default(0),
  /** Recovery time and point objectives, in seconds (written "4h", "15m"). */
  rto: DurationSeconds.optional(),
  rpo: DurationSeconds.optional(),
  depends_on: DependsOn,
});
export type ServiceDefinition = z.infer<typeof ServiceDefinition>;
export type ServiceDefinitionInput = z.input<typeof ServiceDefinition>;

/** CPE 2.3 formatted string: 13 colon-separated parts, escaped colons allowed inside a part. */
export const Cpe23 = z
  .string()
  .max(512)
  .regex(/^cpe:2\.3:[aho*-](?::(?:\\.|[^:\\])+){10}$/, 'must be a CPE 2.3 formatted string (cpe:2.3:part:vendor:…)');

export const MetricRange = z
  .strictObject({
    min: z.number().optional(),
    max: z.number().optional(),
    unit: z.string().max(32).optional(),
  })
  .refine((range) => range.min === undefined || range.max === undefined || range.min <= range.max, {
    message: 'min must not exceed max',
  });
export type MetricRange = z.infer<typeof MetricRange>;

export const AssetLocation = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  site: z.string().max(200).optional(),
});
export type AssetLocation = z.infer<typeof AssetLocation>;

export const AssetDefinition = z.strictObject({
  id: InventoryId,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(4000).optional(),
  type: AssetType,
  department: DepartmentId,
  criticality: Criticality.default('medium'),
  /** Network zone (it, ot, dmz, cloud, …): free text so each city uses its own segmentation names. */
  zone: z.string().trim().min(1).max(64).optional(),
  location: AssetLocation.optional(),
  ip: z
    .array(z.union([z.ipv4(), z.ipv6()]))
    .max(64)
    .default([]),
  hostnames: z.array(z.string().trim().toLowerCase().min(1).max(253)).max(64).default([]),
  /** Telemetry device ids that are this asset, besides its own id. */
  device_ids: z.array(z.string().trim().min(1).max(128)).max(64).default([]),
  software: z.array(Cpe23).max(500).default([]),
  /** Expected telemetry cadence in seconds (written "60s"): silence detection alerts after 3 missed intervals. */
  report_interval: DurationSeconds.optional(),
  metrics: z.record(z.string().min(1).max(128), MetricRange).optional(),
  depends_on: DependsOn,
  /** The discovery connector that manages this asset; absent for assets kept by hand or by file import. */
  discovered_by: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/)
    .optional(),
});
export type AssetDefinition = z.infer<typeof AssetDefinition>;
export type AssetDefinitionInput = z.input<typeof AssetDefinition>;

/** The import/export file: `citysoc inventory import|export`. */
export const InventoryDocument = z.strictObject({
  departments: z.array(InventoryDepartment).max(10_000).default([]),
  services: z.array(ServiceDefinition).max(100_000).default([]),
  assets: z.array(AssetDefinition).max(1_000_000).default([]),
});
export type InventoryDocument = z.infer<typeof InventoryDocument>;

const Stamps = {
  created_at: z.string(),
  updated_at: z.string(),
};

export const Service = ServiceDefinition.extend(Stamps);
export type Service = z.infer<typeof Service>;

export const Asset = AssetDefinition.extend({
  ...Stamps,
  status: AssetStatus,
  status_changed_at: z.string().nullable(),
});
export type Asset = z.infer<typeof Asset>;

/** The file as written (durations as text such as "4h"), which is what export produces. */
export type InventoryDocumentInput = z.input<typeof InventoryDocument>;
