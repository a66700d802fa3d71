import type { ImpactAnswer } from '../../api/city-schemas.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { type CityModel, type NodeKey, nodeKey, type NodeState } from './city-model.ts';
import { StateBadge } from './StateBadge.tsx';

type ImpactedService = ImpactAnswer['services'][number];

interface ImpactResultProps {
  readonly answer: ImpactAnswer;
  /** The city now, to tell what the action changes from what is already so. */
  readonly now: ImpactAnswer | undefined;
  readonly nowStates: ReadonlyMap<NodeKey, NodeState>;
  readonly model: CityModel;
  readonly departmentName: (id: string) => string;
}

/** A path of ids as names: it alternates services and assets, so both kinds are looked up. */
function pathText(path: readonly string[], model: CityModel): string {
  return path
    .map((id) => model.nodes.get(nodeKey('service', id))?.name ?? model.nodes.get(nodeKey('asset', id))?.name ?? id)
    .join(' → ');
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

/**
 * What a what-if does to the city: the services it takes down, degrades or puts at risk, with the residents
 * and the path that carries each. The answer describes the whole city after the action: what the action
 * changes comes first, services already in that state now are folded away below.
 */
export function ImpactResult({ answer, now, nowStates, model, departmentName }: ImpactResultProps) {
  const asNow = (service: ImpactedService) => nowStates.get(nodeKey('service', service.id)) === service.state;
  const changes = answer.services.filter((s) => !asNow(s));
  const unchanged = answer.services.filter(asNow);
  const byState = (state: ImpactedService['state']) => answer.services.filter((s) => s.state === state).length;
  const more = answer.population_affected - (now?.population_affected ?? 0);
  const others = answer.other_departments;
  const columns: readonly Column<ImpactedService>[] = [
    {
      header: 'Service',
      cell: (service) => (
        <>
          {service.name} <span className="muted">· {departmentName(service.department)}</span>
          <div className="impact-path">{pathText(service.path, model)}</div>
        </>
      ),
      className: 'break-anywhere',
    },
    { header: 'State', cell: (service) => <StateBadge state={service.state} /> },
    { header: 'Residents', cell: (service) => service.population.toLocaleString(), className: 'numeric' },
  ];

  return (
    <div className="impact-result" data-testid="impact-result">
      <p className="impact-summary">
        <strong data-testid="impact-population">{plural(answer.population_affected, 'resident', 'residents')}</strong>{' '}
        affected{more > 0 && `, ${more.toLocaleString()} more than now`} · {byState('down').toLocaleString()} down,{' '}
        {byState('degraded').toLocaleString()} degraded, {byState('at_risk').toLocaleString()} at risk ·{' '}
        {plural(changes.length, 'service changes', 'services change')} state ·{' '}
        {plural(answer.assets.length, 'asset', 'assets')} affected
      </p>
      {answer.services.length === 0 && <p className="empty-state">No service you can see would be affected.</p>}
      {changes.length > 0 && (
        <DataTable
          label="Services the action changes"
          columns={columns}
          rows={changes}
          rowKey={(service) => service.id}
          rowTestId="impact-service"
        />
      )}
      {unchanged.length > 0 && (
        <details className="impact-unchanged">
          <summary>{plural(unchanged.length, 'service is', 'services are')} already in that state now</summary>
          <DataTable
            label="Services already affected now"
            columns={columns}
            rows={unchanged}
            rowKey={(service) => service.id}
            rowTestId="impact-service"
            rowClassName={() => 'row-muted'}
          />
        </details>
      )}
      {(others.services > 0 || others.assets > 0) && (
        <p className="message message-info" data-testid="impact-other-departments">
          Beyond your departments it also reaches {plural(others.services, 'service', 'services')} (
          {plural(others.population, 'resident', 'residents')}) and {plural(others.assets, 'asset', 'assets')}.
        </p>
      )}
    </div>
  );
}
