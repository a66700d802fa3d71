import { type IncidentObservable, ObservableType, PapLevel, TlpLevel } from '@citysoc/core';
import { useState, type SubmitEvent } from 'react';
import { addObservable, updateObservable } from '../../api/incidents.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';

interface Props {
  readonly incidentId: string;
  readonly observables: readonly IncidentObservable[];
  readonly canManage: boolean;
  readonly onChanged: () => void;
}

/** Observables with their sharing (TLP) and action (PAP) levels, and the flag that sends them to blocklists. */
export function ObservablesSection({ incidentId, observables, canManage, onChanged }: Props) {
  const mutation = useMutation();
  const [type, setType] = useState<ObservableType>('ip');
  const [value, setValue] = useState('');
  const [tlp, setTlp] = useState<TlpLevel>('amber');
  const [pap, setPap] = useState<PapLevel>('amber');
  const [block, setBlock] = useState(false);

  const onAdd = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const added = await mutation.run(() => addObservable(incidentId, { type, value: value.trim(), tlp, pap, block }));
    if (added !== undefined) {
      setValue('');
      setBlock(false);
      onChanged();
    }
  };
  const toggleBlock = async (o: IncidentObservable): Promise<void> => {
    if ((await mutation.run(() => updateObservable(incidentId, o.id, { block: !o.block }))) !== undefined) onChanged();
  };

  const columns: readonly Column<IncidentObservable>[] = [
    { header: 'Type', cell: (o) => o.type },
    { header: 'Value', cell: (o) => <code className="break-anywhere">{o.value}</code> },
    {
      header: 'TLP',
      cell: (o) => <span className={`badge tlp tlp-${o.tlp.replace('+', '-')}`}>TLP:{o.tlp.toUpperCase()}</span>,
    },
    { header: 'PAP', cell: (o) => `PAP:${o.pap.toUpperCase()}` },
    {
      header: 'Blocklist',
      cell: (o) =>
        canManage ? (
          <button
            type="button"
            className="button-small"
            disabled={mutation.pending}
            onClick={() => void toggleBlock(o)}
          >
            {o.block ? 'Blocked · unblock' : 'Block'}
          </button>
        ) : o.block ? (
          'Blocked'
        ) : (
          '—'
        ),
    },
  ];

  return (
    <section className="panel" aria-labelledby="incident-observables">
      <h2 id="incident-observables">Observables</h2>
      {observables.length === 0 ? (
        <p className="muted">No observables yet.</p>
      ) : (
        <DataTable
          label="Observables"
          columns={columns}
          rows={observables}
          rowKey={(o) => o.id}
          rowTestId="observable-row"
        />
      )}
      {canManage && (
        <form className="inline-form" aria-label="Add an observable" onSubmit={(event) => void onAdd(event)}>
          <select
            aria-label="Observable type"
            value={type}
            onChange={(e) => setType(ObservableType.parse(e.target.value))}
          >
            {ObservableType.options.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          <input
            aria-label="Observable value"
            maxLength={2048}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
          <select aria-label="TLP" value={tlp} onChange={(e) => setTlp(TlpLevel.parse(e.target.value))}>
            {TlpLevel.options.map((t) => (
              <option key={t} value={t}>
                TLP:{t.toUpperCase()}
              </option>
            ))}
          </select>
          <select aria-label="PAP" value={pap} onChange={(e) => setPap(PapLevel.parse(e.target.value))}>
            {PapLevel.options.map((p) => (
              <option key={p} value={p}>
                PAP:{p.toUpperCase()}
              </option>
            ))}
          </select>
          <label className="checkbox">
            <input type="checkbox" checked={block} onChange={(e) => setBlock(e.target.checked)} /> Block
          </label>
          <button type="submit" disabled={mutation.pending || value.trim() === ''}>
            Add observable
          </button>
        </form>
      )}
      <ErrorMessage error={mutation.error} />
    </section>
  );
}
