import type { ImpactAction } from '@citysoc/core';
import { useState, type SubmitEvent } from 'react';
import { fetchImpact } from '../../api/city.ts';
import type { ImpactAnswer } from '../../api/city-schemas.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useSession } from '../../session/session-context.ts';
import { AssetPicker } from './AssetPicker.tsx';
import { ContainmentForm } from './ContainmentForm.tsx';
import { ImpactResult } from './ImpactResult.tsx';
import type { CityData } from './use-city-data.ts';

const ACTIONS: readonly { readonly value: ImpactAction; readonly label: string }[] = [
  { value: 'isolate', label: 'Isolate' },
  { value: 'offline', label: 'Take offline' },
  { value: 'compromise', label: 'Compromise' },
  { value: 'restore', label: 'Restore' },
];

/** A computed what-if, with what it was computed for, so a later change of the picks cannot mislabel it. */
export interface WhatIf {
  readonly assetIds: readonly string[];
  readonly action: ImpactAction;
  readonly answer: ImpactAnswer;
}

interface WhatIfPanelProps {
  readonly city: CityData;
  readonly picked: readonly string[];
  readonly onPick: (picked: readonly string[]) => void;
  readonly result: WhatIf | undefined;
  readonly onResult: (result: WhatIf | undefined) => void;
  readonly departmentName: (id: string) => string;
  /** After a real containment: the page reloads the city and says what was done. */
  readonly onContained: (message: string) => void;
}

/**
 * "What if": pick assets and an action, and see which services would go down, degrade or be at risk, with
 * the residents affected and the path that carries each. Users who may contain assets can then do it for real.
 */
export function WhatIfPanel({ city, picked, onPick, result, onResult, departmentName, onContained }: WhatIfPanelProps) {
  const { can } = useSession();
  const [action, setAction] = useState<ImpactAction>('isolate');
  const mutation = useMutation();

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const assetIds = [...picked];
    const answer = await mutation.run(() => fetchImpact(assetIds, action));
    if (answer !== undefined) onResult({ assetIds, action, answer });
  };

  const nameOf = (id: string): string => city.assetsById.get(id)?.name ?? id;
  const actionLabel = ACTIONS.find((a) => a.value === result?.action)?.label.toLowerCase() ?? '';

  return (
    <section className="panel whatif" aria-labelledby="whatif-title" data-testid="whatif">
      <h2 id="whatif-title">What if…</h2>
      <form onSubmit={(event) => void onSubmit(event)} aria-labelledby="whatif-title">
        <AssetPicker assets={city.assets} picked={picked} onChange={onPick} />
        <div className="whatif-action">
          <div className="field">
            <label htmlFor="whatif-action">Action</label>
            <select
              id="whatif-action"
              value={action}
              onChange={(event) => setAction(ACTIONS.find((a) => a.value === event.target.value)?.value ?? 'isolate')}
            >
              {ACTIONS.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button-primary" disabled={picked.length === 0 || mutation.pending}>
            Compute impact
          </button>
        </div>
        <ErrorMessage error={mutation.error} />
      </form>
      {result !== undefined && (
        <>
          <h3 className="whatif-result-title">
            If you {actionLabel} {result.assetIds.map(nameOf).join(', ')}
          </h3>
          <ImpactResult
            answer={result.answer}
            now={city.now}
            nowStates={city.states}
            model={city.model}
            departmentName={departmentName}
          />
        </>
      )}
      {can('assets.contain') && picked.length > 0 && (
        <details className="whatif-contain">
          <summary>
            Act on {picked.length === 1 ? nameOf(picked[0] as string) : `these ${picked.length} assets`} for real
          </summary>
          <ContainmentForm assetIds={picked} nameOf={nameOf} onDone={onContained} idPrefix="whatif-contain" />
        </details>
      )}
    </section>
  );
}
