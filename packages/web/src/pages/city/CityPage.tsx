import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useDepartmentName } from '../../hooks/use-department-name.ts';
import { CityGraph } from './CityGraph.tsx';
import { CityMap } from './CityMap.tsx';
import { CityHeader } from './CityNav.tsx';
import { CityNowSummary } from './CityNowSummary.tsx';
import { type NodeKey, nodeKey, parseNodeKey, statesFromImpact } from './city-model.ts';
import { collapseFleets, type DrawnNode } from './graph-fleets.ts';
import { selectGraphView } from './graph-view.ts';
import { GraphToolbar } from './GraphToolbar.tsx';
import { NodeDetails } from './NodeDetails.tsx';
import { useCityData } from './use-city-data.ts';
import { type WhatIf, WhatIfPanel } from './WhatIfPanel.tsx';

const DEPARTMENT_PARAM = 'department';
const NODE_PARAM = 'node';

/**
 * /city: the dependency graph of services and assets coloured by their state, a map of the assets, and the
 * what-if panel. The department and the selected node live in the address (`?node=service:water-supply`),
 * so other pages link straight to a node.
 */
export function CityPage() {
  const city = useCityData();
  const departmentName = useDepartmentName();
  const [params, setParams] = useSearchParams();
  const department = params.get(DEPARTMENT_PARAM);
  const parsed = parseNodeKey(params.get(NODE_PARAM));
  const selected = parsed === null ? null : nodeKey(parsed.kind, parsed.id);
  const [fleetKey, setFleetKey] = useState<string | null>(null);
  const [picked, setPicked] = useState<readonly string[]>([]);
  const [whatIf, setWhatIf] = useState<WhatIf | undefined>(undefined);
  const [showWhatIf, setShowWhatIf] = useState(true);
  const [notice, setNotice] = useState<string | null>(null);

  const whatIfStates = useMemo(() => statesFromImpact(whatIf?.answer), [whatIf]);
  const states = whatIf !== undefined && showWhatIf ? whatIfStates : city.states;
  const pinned = useMemo(() => picked.map((id) => nodeKey('asset', id)), [picked]);
  const drawn = useMemo(() => {
    const view = selectGraphView(city.model, { department, selected, pinned });
    return {
      view,
      graph: collapseFleets(city.model, view, states, new Set([...pinned, ...(selected ? [selected] : [])])),
    };
  }, [city.model, department, selected, pinned, states]);
  const marked = useMemo(
    () => new Set(pinned.map((key) => drawn.graph.drawnKeyOf.get(key)).filter((key) => key !== undefined)),
    [pinned, drawn],
  );
  const openKey = fleetKey ?? (selected === null ? null : (drawn.graph.drawnKeyOf.get(selected) ?? null));
  const openNode = drawn.graph.nodes.find((node) => node.key === openKey);

  const setParam = (name: string, value: string | null): void => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(name);
    else next.set(name, value);
    setParams(next);
  };
  const selectKey = (key: NodeKey | null): void => {
    setFleetKey(null);
    setParam(NODE_PARAM, key);
  };
  const onSelectDrawn = (node: DrawnNode): void => {
    if (node.members.length > 1) setFleetKey(node.key);
    else selectKey(node.members[0] ?? null);
  };
  const addToWhatIf = (ids: readonly string[]): void => setPicked((current) => [...new Set([...current, ...ids])]);
  const onResult = (result: WhatIf | undefined): void => {
    setWhatIf(result);
    setShowWhatIf(true);
  };
  const onContained = (message: string): void => {
    setWhatIf(undefined);
    setNotice(`${message} The graph shows the city as it is now.`);
    city.reload();
  };

  const assetsShown = department === null ? city.assets : city.assets.filter((a) => a.department === department);

  return (
    <>
      <CityHeader title="City" />
      <ErrorMessage error={city.error} />
      {notice !== null && (
        <p className="message message-good" role="status" data-testid="city-notice">
          {notice}
        </p>
      )}
      {city.now === undefined ? (
        city.loading && <p className="empty-state">Loading the city…</p>
      ) : (
        <CityNowSummary now={city.now} assets={city.assets} services={city.services.length} />
      )}
      {city.now !== undefined && city.model.nodes.size === 0 && (
        <p className="empty-state">
          The inventory is empty. Import an inventory file under “Import and export” to see the city here.
        </p>
      )}
      {city.model.nodes.size > 0 && (
        <div className="city-layout">
          <div className="city-main">
            <section className="panel" aria-labelledby="city-graph-title">
              <h2 id="city-graph-title">Dependencies</h2>
              <GraphToolbar
                departments={[
                  ...new Set(city.services.map((s) => s.department).concat(city.assets.map((a) => a.department))),
                ]}
                department={department}
                onDepartment={(value) => {
                  setFleetKey(null);
                  setParam(DEPARTMENT_PARAM, value);
                }}
                departmentName={departmentName}
                view={drawn.view}
                drawnNodes={drawn.graph.nodes.length}
                showingWhatIf={whatIf !== undefined && showWhatIf}
                hasWhatIf={whatIf !== undefined}
                onShowWhatIf={setShowWhatIf}
              />
              <CityGraph drawn={drawn.graph} selectedKey={openKey} marked={marked} onSelect={onSelectDrawn} />
            </section>
            <CityMap assets={assetsShown} states={states} selectedKey={selected} onSelect={selectKey} />
          </div>
          <div className="city-side">
            {openNode === undefined ? (
              <p className="panel muted">Select a node in the graph or a point on the map to see its details.</p>
            ) : (
              <NodeDetails
                node={openNode}
                city={city}
                states={states}
                departmentName={departmentName}
                onSelect={selectKey}
                onAddToWhatIf={addToWhatIf}
                onClose={() => selectKey(null)}
              />
            )}
            <WhatIfPanel
              city={city}
              picked={picked}
              onPick={setPicked}
              result={whatIf}
              onResult={onResult}
              departmentName={departmentName}
              onContained={onContained}
            />
          </div>
        </div>
      )}
    </>
  );
}
