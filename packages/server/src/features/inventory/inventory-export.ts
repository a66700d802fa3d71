import { type Asset, type Department, formatDuration, type InventoryDocumentInput, type Service } from '@citysoc/core';

/** Leaves out what is empty or unset, so exported files read like hand-written ones. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  ) as T;
}

const duration = (seconds: number | undefined) => (seconds === undefined ? undefined : formatDuration(seconds));

/**
 * The inventory in its file format, in the shape `inventory import` reads back to the same objects: stored
 * metadata (status, timestamps) is left out, durations are written as text ("4h").
 */
export function exportableDocument(parts: {
  departments: readonly Department[];
  services: readonly Service[];
  assets: readonly Asset[];
}): InventoryDocumentInput {
  return {
    departments: parts.departments.map((d) =>
      compact({ id: d.id, name: d.name, description: d.description || undefined }),
    ),
    services: parts.services.map(({ created_at: _c, updated_at: _u, ...service }) =>
      compact({ ...service, rto: duration(service.rto), rpo: duration(service.rpo) }),
    ),
    assets: parts.assets.map(({ created_at: _c, updated_at: _u, status: _s, status_changed_at: _a, ...asset }) =>
      compact({ ...asset, report_interval: duration(asset.report_interval) }),
    ),
  };
}
