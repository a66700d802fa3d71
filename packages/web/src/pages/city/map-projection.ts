import type { AssetLocation } from '@citysoc/core';

/**
 * Places assets on a plain SVG map without tiles (the dashboard loads nothing from outside the server). An
 * equirectangular projection fitted to the assets' bounding box: at city scale it is indistinguishable from a
 * web map, as long as longitude is shrunk by cos(latitude) so that a kilometre east is as long as one north.
 */

export interface MapPoint {
  readonly x: number;
  readonly y: number;
}

export interface MapFrame {
  readonly width: number;
  readonly height: number;
  readonly project: (location: AssetLocation) => MapPoint;
}

/** Degrees of latitude or longitude below which points count as one place: half a metre. */
const MIN_SPAN = 0.000005;
/** The height of a map whose assets are all at one place: nothing to fit, so no need for room. */
const ONE_PLACE_HEIGHT = 140;

/**
 * A frame `width` wide (and as high as the box's aspect needs, within `maxHeight`) with `padding` around the
 * points. An empty list or a single place still gives a usable frame, centred.
 */
export function fitMap(
  locations: readonly AssetLocation[],
  width: number,
  maxHeight: number,
  padding: number,
): MapFrame {
  if (locations.length === 0) return { width, height: maxHeight, project: () => ({ x: width / 2, y: maxHeight / 2 }) };
  const lats = locations.map((l) => l.lat);
  const lons = locations.map((l) => l.lon);
  const minLat = Math.min(...lats);
  const maxLat = Math.max(...lats);
  const minLon = Math.min(...lons);
  const maxLon = Math.max(...lons);
  if (maxLat - minLat < MIN_SPAN && maxLon - minLon < MIN_SPAN) {
    return { width, height: ONE_PLACE_HEIGHT, project: () => ({ x: width / 2, y: ONE_PLACE_HEIGHT / 2 }) };
  }
  const scaleX = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * scaleX, MIN_SPAN);
  const spanY = Math.max(maxLat - minLat, MIN_SPAN);
  const innerWidth = width - 2 * padding;
  const scale = Math.min(innerWidth / spanX, (maxHeight - 2 * padding) / spanY);
  const height = Math.min(maxHeight, Math.max(spanY * scale + 2 * padding, 2 * padding + 40));
  // Centre the points in whatever room the other axis leaves.
  const offsetX = padding + (innerWidth - (maxLon - minLon) * scaleX * scale) / 2;
  const offsetY = padding + (height - 2 * padding - (maxLat - minLat) * scale) / 2;
  return {
    width,
    height,
    project: (location) => ({
      x: offsetX + (location.lon - minLon) * scaleX * scale,
      y: offsetY + (maxLat - location.lat) * scale,
    }),
  };
}
