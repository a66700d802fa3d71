import type { AuditEntry } from '@citysoc/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { asApiError, type ApiError } from '../../api/client.ts';
import { listAudit } from '../../api/endpoints.ts';

/** The audit log's page size, as in the brief for "Load older". */
export const AUDIT_PAGE_SIZE = 100;

export interface AuditPages {
  readonly entries: readonly AuditEntry[];
  readonly loading: boolean;
  readonly error: ApiError | undefined;
  /** False once a page came back shorter than the page size: the oldest entry is shown. */
  readonly hasOlder: boolean;
  readonly loadOlder: () => void;
  /** Drops the loaded pages and fetches the newest page again. */
  readonly reloadNewest: () => void;
}

/** Newest-first audit entries, paged backwards with `before=<oldest loaded seq>`. */
export function useAuditPages(): AuditPages {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [hasOlder, setHasOlder] = useState(false);
  // Each fetch takes a ticket; an answer whose ticket is no longer the latest (the user pressed "Refresh"
  // meanwhile, or left the tab) is dropped instead of being appended to the wrong list.
  const ticket = useRef(0);

  // Sets state only once the answer arrives, so the mount effect can call it without a cascading render.
  const receivePage = useCallback((beforeSeq: number | undefined): void => {
    const mine = ++ticket.current;
    listAudit(AUDIT_PAGE_SIZE, beforeSeq).then(
      (page) => {
        if (mine !== ticket.current) return;
        setEntries((loaded) => (beforeSeq === undefined ? page : [...loaded, ...page]));
        setHasOlder(page.length === AUDIT_PAGE_SIZE);
        setLoading(false);
      },
      (caught: unknown) => {
        if (mine !== ticket.current) return;
        setError(asApiError(caught));
        setLoading(false);
      },
    );
  }, []);

  const fetchPage = useCallback(
    (beforeSeq: number | undefined): void => {
      setLoading(true);
      setError(undefined);
      receivePage(beforeSeq);
    },
    [receivePage],
  );

  useEffect(() => {
    receivePage(undefined);
    return () => {
      ticket.current += 1;
    };
  }, [receivePage]);

  const oldest = entries.at(-1)?.seq;
  const loadOlder = useCallback(() => fetchPage(oldest), [fetchPage, oldest]);
  const reloadNewest = useCallback(() => fetchPage(undefined), [fetchPage]);

  return { entries, loading, error, hasOlder, loadOlder, reloadNewest };
}
