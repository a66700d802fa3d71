import type { StoredEvent } from '@citysoc/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { asApiError, type ApiError } from '../../api/client.ts';
import { type EventCriteria, searchEvents } from '../../api/endpoints.ts';

/** Events per page: enough to scan, small enough that "Load more" answers at once. */
export const EVENT_PAGE_SIZE = 100;

export interface EventSearch {
  readonly events: readonly StoredEvent[];
  /** Server time of the latest page, in milliseconds. */
  readonly tookMs: number | undefined;
  readonly hasMore: boolean;
  readonly loading: boolean;
  readonly error: ApiError | undefined;
  readonly loadMore: () => void;
}

interface Answer {
  /** Which search (criteria and version) these results belong to. */
  readonly key: string;
  readonly events: readonly StoredEvent[];
  readonly nextCursor: string | null;
  readonly tookMs: number | undefined;
  readonly error: ApiError | undefined;
}

const NO_ANSWER: Answer = { key: '', events: [], nextCursor: null, tookMs: undefined, error: undefined };

/**
 * Runs the search whenever `criteria` or `version` changes, and pages older with the cursor. `version`
 * lets the page repeat an identical search (pressing "Search" again to see new events).
 */
export function useEventSearch(criteria: EventCriteria, version: number): EventSearch {
  const [answer, setAnswer] = useState<Answer>(NO_ANSWER);
  const [pagingMore, setPagingMore] = useState(false);
  // Each request takes a ticket; an answer for a search the user has since replaced is dropped rather than
  // shown under the new query or appended to its results.
  const ticket = useRef(0);
  const { query, from } = criteria;
  // Loading is derived, not set: the current search is loading until an answer carries its key.
  const key = JSON.stringify([version, query, from ?? null]);

  // State is set only when the answer arrives, so the effect below can call this without cascading renders.
  const receive = useCallback(
    (forKey: string, cursor: string | undefined): void => {
      const mine = ++ticket.current;
      const current = from === undefined ? { query } : { query, from };
      searchEvents(current, EVENT_PAGE_SIZE, cursor).then(
        (page) => {
          if (mine !== ticket.current) return;
          setAnswer((loaded) => ({
            key: forKey,
            events: cursor === undefined ? page.events : [...loaded.events, ...page.events],
            nextCursor: page.nextCursor,
            tookMs: page.tookMs,
            error: undefined,
          }));
          setPagingMore(false);
        },
        (caught: unknown) => {
          if (mine !== ticket.current) return;
          // A failed first page must not leave the previous query's results looking like this query's;
          // a failed "Load more" keeps the pages already shown.
          setAnswer((loaded) => ({
            ...(cursor === undefined ? NO_ANSWER : loaded),
            key: forKey,
            error: asApiError(caught),
          }));
          setPagingMore(false);
        },
      );
    },
    [query, from],
  );

  useEffect(() => {
    receive(key, undefined);
    return () => {
      ticket.current += 1;
    };
  }, [receive, key]);

  const { nextCursor } = answer;
  const loadMore = useCallback(() => {
    if (nextCursor === null) return;
    setPagingMore(true);
    receive(key, nextCursor);
  }, [receive, key, nextCursor]);

  const current = answer.key === key;
  // While a new search runs the previous results stay on screen (marked busy) so the table does not flash.
  return {
    events: answer.events,
    tookMs: answer.tookMs,
    hasMore: current && nextCursor !== null,
    loading: !current || pagingMore,
    error: current ? answer.error : undefined,
    loadMore,
  };
}
