import { NODE_STATE_LABELS, NODE_STATES } from './city-model.ts';
import type { GraphView } from './graph-view.ts';

interface GraphToolbarProps {
  readonly departments: readonly string[];
  readonly department: string | null;
  readonly onDepartment: (department: string | null) => void;
  readonly departmentName: (id: string) => string;
  readonly view: GraphView;
  readonly drawnNodes: number;
  readonly hasWhatIf: boolean;
  readonly showingWhatIf: boolean;
  readonly onShowWhatIf: (show: boolean) => void;
}

const ALL = '';

/** What the graph shows and how to read it: the department filter, what is left out, the legend. */
export function GraphToolbar(props: GraphToolbarProps) {
  const { departments, department, onDepartment, departmentName, view, hasWhatIf, showingWhatIf } = props;
  const sorted = [...departments].sort((a, b) => departmentName(a).localeCompare(departmentName(b)));
  return (
    <>
      <div className="toolbar graph-toolbar">
        <label className="inline-field" htmlFor="graph-department">
          Department
        </label>
        <select
          id="graph-department"
          value={department ?? ALL}
          onChange={(event) => onDepartment(event.target.value === ALL ? null : event.target.value)}
        >
          <option value={ALL}>All departments</option>
          {sorted.map((id) => (
            <option key={id} value={id}>
              {departmentName(id)}
            </option>
          ))}
        </select>
        <span className="muted" data-testid="graph-scope">
          {props.drawnNodes.toLocaleString()} nodes drawn
          {view.hiddenAssets > 0 &&
            ` · ${view.hiddenAssets.toLocaleString()} assets not drawn: choose a department or select a node`}
        </span>
        {hasWhatIf && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={showingWhatIf}
              onChange={(event) => props.onShowWhatIf(event.target.checked)}
            />
            Show the what-if on the graph
          </label>
        )}
      </div>
      <ul className="legend" aria-label="Graph legend">
        {NODE_STATES.map((state) => (
          <li key={state}>
            <span className={`legend-swatch state-${state}`} aria-hidden="true" />
            {NODE_STATE_LABELS[state]}
          </li>
        ))}
        <li>
          <span className="legend-line" aria-hidden="true" /> needs
        </li>
        <li>
          <span className="legend-line legend-line-soft" aria-hidden="true" /> soft: only degrades
        </li>
        <li>“1 of 2”: needs one of two</li>
        <li>Stacked box: a fleet of alike assets</li>
        {showingWhatIf && <li className="legend-whatif">Colours show the what-if, not now</li>}
      </ul>
    </>
  );
}
