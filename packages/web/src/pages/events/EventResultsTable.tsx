import type { StoredEvent } from '@citysoc/core';
import { Fragment } from 'react';
import { formatEventTime } from '../../format.ts';
import { describeEndpoints, summarizeEvent } from './event-fields.ts';
import { EventDetail } from './EventDetail.tsx';

interface EventResultsTableProps {
  readonly events: readonly StoredEvent[];
  /** The event whose detail is open, if any. */
  readonly openId: string | null;
  readonly onToggle: (id: string) => void;
  readonly departmentName: (id: string) => string;
  readonly onFilter: (field: string, value: string) => void;
  readonly busy: boolean;
}

const COLUMNS = 5;

/** Search results, newest first; a row opens its event's detail underneath it. */
export function EventResultsTable({
  events,
  openId,
  onToggle,
  departmentName,
  onFilter,
  busy,
}: EventResultsTableProps) {
  return (
    <table className="table event-table" aria-busy={busy} aria-label="Events">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Source</th>
          <th scope="col">Department</th>
          <th scope="col">Host / IP</th>
          <th scope="col">Summary</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => {
          const open = event.id === openId;
          const detailId = `event-${event.id}-detail`;
          return (
            <Fragment key={event.id}>
              <tr
                className={open ? 'event-row event-row-open' : 'event-row'}
                data-testid="event-row"
                // The whole row is a mouse target; keyboard and screen-reader users get the button in it.
                onClick={() => onToggle(event.id)}
              >
                <td className="nowrap">
                  <button
                    type="button"
                    className="row-toggle"
                    aria-expanded={open}
                    aria-controls={open ? detailId : undefined}
                    title={event.timestamp}
                    onClick={(click) => {
                      // The row's own handler would toggle a second time.
                      click.stopPropagation();
                      onToggle(event.id);
                    }}
                  >
                    <span aria-hidden="true" className="row-toggle-icon">
                      {open ? '▾' : '▸'}
                    </span>
                    {formatEventTime(event.timestamp)}
                  </button>
                </td>
                <td className="nowrap">{event.source}</td>
                <td>{event.departmentId === null ? 'City-wide' : departmentName(event.departmentId)}</td>
                <td className="mono nowrap">{describeEndpoints(event.document)}</td>
                <td className="event-summary">{summarizeEvent(event)}</td>
              </tr>
              {open && (
                <tr className="event-detail-row" id={detailId}>
                  <td colSpan={COLUMNS}>
                    <EventDetail event={event} onFilter={onFilter} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
