import type { StoredEvent } from '@citysoc/core';
import { useMemo, useState } from 'react';
import { EventAssetContext } from '../city/EventAssetContext.tsx';
import { cityContextOf, flattenFields } from './event-fields.ts';
import { FieldTable } from './FieldTable.tsx';

type DetailTab = 'normalised' | 'original' | 'raw';

const TABS: readonly { readonly id: DetailTab; readonly title: string }[] = [
  { id: 'normalised', title: 'Normalised' },
  { id: 'original', title: 'Original' },
  { id: 'raw', title: 'Raw' },
];

interface EventDetailProps {
  readonly event: StoredEvent;
  readonly onFilter: (field: string, value: string) => void;
}

/** One event three ways: the ECS document it became, the fields it was parsed into, and the bytes received. */
export function EventDetail({ event, onFilter }: EventDetailProps) {
  const [tab, setTab] = useState<DetailTab>('normalised');
  const normalised = useMemo(() => flattenFields(event.document), [event.document]);
  // The search language reads the original fields as `original.<path>`.
  const original = useMemo(
    () => (event.original === null ? null : flattenFields(event.original, 'original')),
    [event.original],
  );
  const idFor = (part: string): string => `event-${event.id}-${part}`;

  return (
    <div className="event-detail" data-testid="event-detail">
      <EventAssetContext {...cityContextOf(event.document)} />
      <div className="tabs" role="tablist" aria-label="Event views">
        {TABS.map(({ id, title }) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={idFor(`tab-${id}`)}
            aria-selected={tab === id}
            aria-controls={idFor('panel')}
            className={tab === id ? 'tab active' : 'tab'}
            onClick={() => setTab(id)}
          >
            {title}
          </button>
        ))}
      </div>
      <div id={idFor('panel')} role="tabpanel" aria-labelledby={idFor(`tab-${tab}`)} className="event-detail-panel">
        {tab === 'normalised' && <FieldTable fields={normalised} onFilter={onFilter} />}
        {tab === 'original' &&
          (original === null ? (
            <p className="empty-state">The input was plain text: there are no original fields. See Raw.</p>
          ) : (
            <FieldTable fields={original} onFilter={onFilter} />
          ))}
        {tab === 'raw' && (
          <pre className="raw-event" data-testid="event-raw">
            {event.raw}
          </pre>
        )}
      </div>
    </div>
  );
}
