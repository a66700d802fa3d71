import type { AreaId } from '@citysoc/core';

/** The route of an area: the overview is the home page, every other area lives at /<id>. */
export function areaPath(id: AreaId): string {
  return id === 'overview' ? '/' : `/${id}`;
}
