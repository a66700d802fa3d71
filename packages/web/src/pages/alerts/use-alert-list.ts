import type { Alert } from '@citysoc/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { asApiError, type ApiError } from '../../api/client.ts';
import { type AlertQuery, listAlertsBy } from './alerts-api.ts';
import { type AlertPages, appendOlder, applyStatusChange, firstPage, mergeNewest } from './alert-pages.ts';

/** Alerts per page: a screenful or two of triage queue; the newest page is re-fetched on every refresh. */
export const ALERT_PAGE_SIZE = 100;

/** New alerts should reach a watching analyst within seconds, without hammering the server. */
export const ALERT_REFRESH_MS = 10_000;

export interface AlertList {
  readonly alerts: readonly Alert[];
  readonly hasMore: boolean;
  readonly loading: boolean;
  readonly error: ApiError | undefined;
  /** When the list last matched the server (ms since the epoch), for "Updated …". */
  readonly updatedAt: number | undefined;
  readonly loadMore: () => void;
  /** Fetches the newest page now instead of at the next tick, e.g. after a triage action. */
  readonly refresh: () => void;
  /** Shows a status change this session made, before the refresh confirms it. */
  readonly showStatusChange: (updated: Alert) => void;
}

type Mode = 'first' | 'refresh' | 'older';

interface Answer extends AlertPages {
  /** Which filter these alerts belong to. */
  readonly key: string;
  readonly error: ApiError | undefined;
  readonly updatedAt: number | undefined;
}

const NO_ANSWER: Answer = { key: '', alerts: [], hasMore: false, error: undefined, updatedAt: undefined };

function combine(loaded: Answer, forKey: string, mode: Mode, page: readonly Alert[]): AlertPages {
  // A refresh or older page that lands after the filter changed must not be merged into another filter's list.
  if (loaded.key !== forKey || mode === 'first') return firstPage(page, ALERT_PAGE_SIZE);
  return mode === 'older' ? appendOlder(loaded, page, ALERT_PAGE_SIZE) : mergeNewest(loaded, page, ALERT_PAGE_SIZE);
}

/**
 * The alerts matching `criteria`, newest first, re-fetched whenever the criteria change and every
 * ALERT_REFRESH_MS; "Load more" pages older with `before=<last loaded id>`.
 */
export function useAlertList(criteria: AlertQuery): AlertList {
  const [answer, setAnswer] = useState<Answer>(NO_ANSWER);
  const [pagingMore, setPagingMore] = useState(false);
  // Each request takes a ticket; an answer whose ticket is no longer the latest (the filter changed, or the
  // user pressed "Load more" meanwhile) is dropped instead of being merged into the wrong list.
  const ticket = useRef(0);
  // A refresh tick is skipped while another request runs, so polling never cancels a "Load more".
  const inFlight = useRef(false);
  const { status, level, rule, service, tactic } = criteria;
  const key = JSON.stringify([status ?? null, level ?? null, rule ?? null, service ?? null, tactic ?? null]);

  // State is set only when the answer arrives, so the effect below can call this without cascading renders.
  const receive = useCallback(
    (forKey: string, mode: Mode, before?: string): void => {
      const mine = ++ticket.current;
      inFlight.current = true;
      const current: AlertQuery = {
        ...(status === undefined ? {} : { status }),
        ...(level === undefined ? {} : { level }),
        ...(rule === undefined ? {} : { rule }),
        ...(service === undefined ? {} : { service }),
        ...(tactic === undefined ? {} : { tactic }),
      };
      listAlertsBy(current, ALERT_PAGE_SIZE, before).then(
        (page) => {
          if (mine !== ticket.current) return;
          inFlight.current = false;
          setAnswer((loaded) => ({
            key: forKey,
            ...combine(loaded, forKey, mode, page),
            error: undefined,
            updatedAt: Date.now(),
          }));
          setPagingMore(false);
        },
        (caught: unknown) => {
          if (mine !== ticket.current) return;
          inFlight.current = false;
          // A failed first page must not leave another filter's alerts looking like this filter's; a failed
          // refresh or "Load more" keeps what is shown, with the error above it.
          setAnswer((loaded) => ({
            ...(mode === 'first' || loaded.key !== forKey ? NO_ANSWER : loaded),
            key: forKey,
            error: asApiError(caught),
          }));
          setPagingMore(false);
        },
      );
    },
    [status, level, rule, service, tactic],
  );

  useEffect(() => {
    receive(key, 'first');
    const timer = window.setInterval(() => {
      if (!inFlight.current) receive(key, 'refresh');
    }, ALERT_REFRESH_MS);
    return () => {
      window.clearInterval(timer);
      ticket.current += 1;
      inFlight.current = false;
    };
  }, [receive, key]);

  const lastId = answer.alerts.at(-1)?.id;
  const loadMore = useCallback(() => {
    if (lastId === undefined) return;
    setPagingMore(true);
    receive(key, 'older', lastId);
  }, [receive, key, lastId]);

  const refresh = useCallback(() => receive(key, 'refresh'), [receive, key]);

  const showStatusChange = useCallback(
    (updated: Alert) =>
      setAnswer((loaded) =>
        // No status criterion means every status: the alert stays whatever it became.
        loaded.key === key ? { ...loaded, ...applyStatusChange(loaded, updated, status ?? 'all') } : loaded,
      ),
    [key, status],
  );

  const current = answer.key === key;
  // While a new filter loads, the previous alerts stay on screen (marked busy) so the table does not flash.
  return {
    alerts: answer.alerts,
    hasMore: current && answer.hasMore,
    loading: !current || pagingMore,
    error: current ? answer.error : undefined,
    updatedAt: answer.updatedAt,
    loadMore,
    refresh,
    showStatusChange,
  };
}
