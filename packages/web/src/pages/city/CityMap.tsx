import type { Asset, AssetLocation } from '@citysoc/core';
import { useMemo, useState } from 'react';
import { type NodeKey, nodeKey, NODE_STATE_LABELS, NODE_STATES, type NodeState } from './city-model.ts';
import { fitMap } from './map-projection.ts';

interface CityMapProps {
  readonly assets: readonly Asset[];
  readonly states: ReadonlyMap<NodeKey, NodeState>;
  readonly selectedKey: NodeKey | null;
  readonly onSelect: (key: NodeKey) => void;
}

type ColourBy = 'state' | 'type';

/** Assets at one spot (a plant, a cabinet): drawn as one point sized by how many there are. */
interface Place {
  readonly key: string;
  readonly location: AssetLocation;
  readonly assets: readonly Asset[];
  readonly state: NodeState;
  /** The assets' type, or `mixed`. */
  readonly type: string;
}

const MAP_WIDTH = 800;
const MAP_MAX_HEIGHT = 460;
const MAP_PADDING = 24;
const SEVERITY: Readonly<Record<NodeState, number>> = { ok: 0, at_risk: 1, degraded: 2, down: 3 };
/** Names listed in a point's tooltip; a site with more says how many more. */
const TOOLTIP_NAMES = 12;

function placesOf(assets: readonly Asset[], states: ReadonlyMap<NodeKey, NodeState>): Place[] {
  const byKey = new Map<string, Asset[]>();
  for (const asset of assets) {
    if (asset.location === undefined) continue;
    const key = `${asset.location.lat.toFixed(5)},${asset.location.lon.toFixed(5)}`;
    byKey.set(key, [...(byKey.get(key) ?? []), asset]);
  }
  return [...byKey].map(([key, here]) => {
    const first = here[0] as Asset;
    const state = here
      .map((asset) => states.get(nodeKey('asset', asset.id)) ?? 'ok')
      .reduce((worst, s) => (SEVERITY[s] > SEVERITY[worst] ? s : worst), 'ok' as NodeState);
    const types = new Set(here.map((asset) => asset.type));
    return {
      key,
      location: first.location as AssetLocation,
      assets: here,
      state,
      type: types.size === 1 ? first.type : 'mixed',
    };
  });
}

function tooltip(place: Place): string {
  const names = place.assets.slice(0, TOOLTIP_NAMES).map((asset) => `${asset.name} (${asset.type})`);
  const more = place.assets.length - TOOLTIP_NAMES;
  const site = place.location.site === undefined ? [] : [place.location.site];
  return [...site, ...names, ...(more > 0 ? [`and ${more} more`] : [])].join('\n');
}

/**
 * Assets by location, without map tiles (nothing is loaded from outside the server): points on a plain
 * background fitted to the assets' bounding box, coloured by state or by type. Hovering names the assets.
 */
export function CityMap({ assets, states, selectedKey, onSelect }: CityMapProps) {
  const [colourBy, setColourBy] = useState<ColourBy>('state');
  const [hovered, setHovered] = useState<string | null>(null);
  const places = useMemo(() => placesOf(assets, states), [assets, states]);
  const frame = useMemo(
    () =>
      fitMap(
        places.map((place) => place.location),
        MAP_WIDTH,
        MAP_MAX_HEIGHT,
        MAP_PADDING,
      ),
    [places],
  );
  const located = places.reduce((sum, place) => sum + place.assets.length, 0);
  const types = [...new Set(places.map((place) => place.type))].sort();
  const hoveredPlace = places.find((place) => place.key === hovered);

  return (
    <section className="panel" aria-labelledby="city-map-title">
      <div className="panel-header">
        <h2 id="city-map-title">Map</h2>
        <span className="muted" data-testid="map-count">
          {located.toLocaleString()} of {assets.length.toLocaleString()} assets have a location
        </span>
        <label className="inline-field">
          Colour by{' '}
          <select value={colourBy} onChange={(event) => setColourBy(event.target.value === 'type' ? 'type' : 'state')}>
            <option value="state">State</option>
            <option value="type">Type</option>
          </select>
        </label>
      </div>
      {places.length === 0 ? (
        <p className="empty-state">No asset here has a location in the inventory.</p>
      ) : (
        <svg
          className="city-map"
          viewBox={`0 0 ${frame.width} ${frame.height}`}
          role="group"
          aria-label={`Map of ${located} assets at ${places.length} places`}
          data-testid="city-map"
        >
          <rect className="city-map-background" width={frame.width} height={frame.height} rx={6} />
          {places.map((place) => {
            const point = frame.project(place.location);
            const selected = place.assets.some((asset) => nodeKey('asset', asset.id) === selectedKey);
            const colour = colourBy === 'state' ? `state-${place.state}` : `type-${place.type}`;
            const first = place.assets[0] as Asset;
            return (
              <circle
                key={place.key}
                className={`map-point ${colour}${selected ? ' map-point-selected' : ''}`}
                cx={point.x}
                cy={point.y}
                r={Math.min(14, 4 + Math.sqrt(place.assets.length) * 1.5)}
                data-testid="map-point"
                onMouseEnter={() => setHovered(place.key)}
                onMouseLeave={() => setHovered(null)}
                onClick={() => onSelect(nodeKey('asset', first.id))}
              >
                <title>{tooltip(place)}</title>
              </circle>
            );
          })}
          {hoveredPlace !== undefined && (
            <text
              className="map-label"
              x={frame.project(hoveredPlace.location).x + 10}
              y={frame.project(hoveredPlace.location).y - 10}
            >
              {hoveredPlace.assets.length === 1
                ? (hoveredPlace.assets[0] as Asset).name
                : `${hoveredPlace.location.site ?? 'Here'}: ${hoveredPlace.assets.length} assets`}
            </text>
          )}
        </svg>
      )}
      <ul className="legend" aria-label="Map legend">
        {colourBy === 'state'
          ? NODE_STATES.map((state) => (
              <li key={state}>
                <span className={`legend-swatch state-${state}`} aria-hidden="true" />
                {NODE_STATE_LABELS[state]}
              </li>
            ))
          : types.map((type) => (
              <li key={type}>
                <span className={`legend-swatch type-${type}`} aria-hidden="true" />
                {type}
              </li>
            ))}
      </ul>
    </section>
  );
}
