import { useState, type SubmitEvent } from 'react';
import type { ApiError } from '../../api/client.ts';
import { TIME_RANGES } from './time-ranges.ts';

interface EventSearchFormProps {
  /** The search in the page's address; the form starts from it and is re-created when it changes. */
  readonly query: string;
  readonly rangeId: string;
  /** Why the server refused the query, shown under the query box. */
  readonly queryError: ApiError | undefined;
  readonly onSearch: (query: string, rangeId: string) => void;
}

const QUERY_ERROR_ID = 'event-query-error';

export function EventSearchForm({ query, rangeId, queryError, onSearch }: EventSearchFormProps) {
  const [draft, setDraft] = useState(query);
  const [range, setRange] = useState(rangeId);

  const onSubmit = (event: SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    onSearch(draft.trim(), range);
  };

  return (
    <form className="search-form" role="search" aria-label="Search events" onSubmit={onSubmit}>
      <div className="field search-query">
        <label htmlFor="event-query">Query</label>
        <input
          id="event-query"
          name="query"
          type="search"
          className="mono"
          autoComplete="off"
          spellCheck={false}
          placeholder="source.ip:10.0.0.5 AND event.category:authentication"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          aria-invalid={queryError !== undefined}
          aria-describedby={queryError === undefined ? 'event-query-help' : `${QUERY_ERROR_ID} event-query-help`}
        />
        {queryError !== undefined && (
          <p id={QUERY_ERROR_ID} className="message message-error" role="alert" data-testid="event-query-error">
            {queryError.message}
          </p>
        )}
        <small id="event-query-help">
          field:value (wildcards * ?), &quot;phrases&quot; and words in the raw text, field:[a TO b], field:&gt;n,
          field:* (exists), AND / OR / NOT, parentheses. Empty: every event.
        </small>
      </div>
      <div className="field">
        <label htmlFor="event-range">Time range</label>
        <select id="event-range" name="range" value={range} onChange={(event) => setRange(event.target.value)}>
          {TIME_RANGES.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button-primary search-button">
        Search
      </button>
    </form>
  );
}
