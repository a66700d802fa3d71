import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { NODE_STATE_LABELS } from './city-model.ts';
import type { DrawnGraph, DrawnNode } from './graph-fleets.ts';
import { useElementWidth } from '../../hooks/use-element-width.ts';
import { fitLabel, layoutCityGraphCached, NODE_HEIGHT, type PlacedEdge, type PlacedNode } from './graph-layout.ts';

interface CityGraphProps {
  readonly drawn: DrawnGraph;
  /** The drawn node whose details are open. */
  readonly selectedKey: string | null;
  /** Drawn nodes picked for the what-if, outlined. */
  readonly marked: ReadonlySet<string>;
  readonly onSelect: (node: DrawnNode) => void;
}

function touches(placed: PlacedEdge, key: string | null): boolean {
  return key !== null && (placed.edge.from === key || placed.edge.to === key);
}

const ZOOMS = [0.4, 0.55, 0.7, 0.85, 1, 1.25];

function GraphEdge({ placed, focus }: { placed: PlacedEdge; focus: boolean }) {
  const { edge, path, labelAt } = placed;
  const classes = ['graph-edge', edge.soft ? 'graph-edge-soft' : '', focus ? 'graph-edge-focus' : ''];
  return (
    <g className={classes.join(' ').trim()} data-testid="graph-edge">
      <path d={path} markerEnd={focus ? 'url(#graph-arrow-focus)' : 'url(#graph-arrow)'} />
      {edge.label !== null && (
        <text x={labelAt.x} y={labelAt.y} className="graph-edge-label" textAnchor="middle" dominantBaseline="middle">
          {edge.label}
        </text>
      )}
    </g>
  );
}

interface GraphNodeProps {
  readonly placed: PlacedNode;
  readonly selected: boolean;
  readonly marked: boolean;
  readonly onSelect: (node: DrawnNode) => void;
}

function GraphNode({ placed, selected, marked, onSelect }: GraphNodeProps) {
  const { node, width } = placed;
  const fleet = node.members.length > 1;
  const classes = ['graph-node', `graph-node-${node.kind}`, `state-${node.state}`];
  if (node.context) classes.push('graph-node-context');
  if (selected) classes.push('graph-node-selected');
  if (marked) classes.push('graph-node-marked');
  const onKeyDown = (event: KeyboardEvent<SVGGElement>): void => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    onSelect(node);
  };
  const description = `${node.kind === 'service' ? 'Service' : fleet ? 'Fleet' : 'Asset'} ${node.name}, ${NODE_STATE_LABELS[node.state]}`;
  return (
    <g
      className={classes.join(' ')}
      transform={`translate(${placed.x - width / 2},${placed.y - NODE_HEIGHT / 2})`}
      role="button"
      tabIndex={0}
      aria-label={description}
      aria-pressed={selected}
      data-testid="graph-node"
      data-node-key={node.key}
      data-state={node.state}
      onClick={() => onSelect(node)}
      onKeyDown={onKeyDown}
    >
      <title>{`${node.name}\n${node.subtitle} · ${node.department} · ${NODE_STATE_LABELS[node.state]}`}</title>
      {fleet && <rect className="graph-node-stack" x={4} y={-4} width={width} height={NODE_HEIGHT} rx={5} />}
      <rect className="graph-node-box" width={width} height={NODE_HEIGHT} rx={node.kind === 'service' ? 12 : 4} />
      <text x={10} y={17} className="graph-node-name">
        {fitLabel(node.name, placed.maxChars)}
      </text>
      <text x={10} y={31} className="graph-node-subtitle">
        {fitLabel(node.subtitle, placed.maxChars + 4)}
      </text>
    </g>
  );
}

/**
 * The dependency graph as SVG: owners above the members they need, arrows pointing at what is needed, soft
 * dependencies dashed, k-of-n groups labelled. Every label is an SVG text node: names stay text, never markup.
 * Nodes are buttons (Tab, Enter) so the graph works without a mouse.
 */
export function CityGraph({ drawn, selectedKey, marked, onSelect }: CityGraphProps) {
  const [measure, boxWidth] = useElementWidth();
  const [zoom, setZoom] = useState(1);
  // Zoomed out, the same screen holds more: broad layers wrap into fewer, longer rows.
  const maxWidth = Math.max(400, (boxWidth - 2) / zoom);
  const layout = useMemo(() => layoutCityGraphCached(drawn, maxWidth), [drawn, maxWidth]);
  const scroller = useRef<HTMLDivElement>(null);

  // Bring the selected node into view: a large neighbourhood is taller than the box.
  useEffect(() => {
    const box = scroller.current;
    const placed = layout.nodes.find((p) => p.node.key === selectedKey);
    if (box === null || placed === undefined) return;
    box.scrollTo({
      left: placed.x * zoom - box.clientWidth / 2,
      top: placed.y * zoom - box.clientHeight / 2,
      behavior: 'smooth',
    });
  }, [layout, selectedKey, zoom]);

  const step = (direction: 1 | -1): void => {
    const index = ZOOMS.indexOf(zoom);
    const next = ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, index + direction))];
    if (next !== undefined) setZoom(next);
  };

  return (
    <div className="graph" ref={measure}>
      <div className="graph-zoom" role="group" aria-label="Zoom">
        <button type="button" className="button-small" onClick={() => step(-1)} aria-label="Zoom out">
          −
        </button>
        <span className="muted">{Math.round(zoom * 100)}%</span>
        <button type="button" className="button-small" onClick={() => step(1)} aria-label="Zoom in">
          +
        </button>
      </div>
      <div className="graph-scroll" ref={scroller}>
        {boxWidth > 0 && (
          <svg
            className="graph-svg"
            width={layout.width * zoom}
            height={layout.height * zoom}
            viewBox={`0 0 ${layout.width} ${layout.height}`}
            role="group"
            aria-label={`Dependency graph: ${layout.nodes.length} nodes, ${layout.edges.length} dependencies`}
            data-testid="city-graph"
          >
            <defs>
              <marker
                id="graph-arrow"
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto"
              >
                <path d="M0,0 L10,5 L0,10 z" className="graph-arrow" />
              </marker>
            </defs>
            <g>
              {layout.edges
                .filter((placed) => !touches(placed, selectedKey))
                .map((placed) => (
                  <GraphEdge key={placed.edge.key} placed={placed} focus={false} />
                ))}
            </g>
            <g>
              {layout.nodes.map((placed) => (
                <GraphNode
                  key={placed.node.key}
                  placed={placed}
                  selected={placed.node.key === selectedKey}
                  marked={marked.has(placed.node.key)}
                  onSelect={onSelect}
                />
              ))}
            </g>
            {/* The selected node's edges go on top, highlighted: a long edge may pass behind other boxes. */}
            <g>
              {layout.edges
                .filter((placed) => touches(placed, selectedKey))
                .map((placed) => (
                  <GraphEdge key={placed.edge.key} placed={placed} focus />
                ))}
            </g>
          </svg>
        )}
      </div>
    </div>
  );
}
