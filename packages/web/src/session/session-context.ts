import type { Permission, SessionInfo } from '@citysoc/core';
import { createContext, useContext } from 'react';

/** What every page inside the shell knows about the logged-in user. Provided by App once logged in. */
export interface SessionContextValue {
  readonly session: SessionInfo;
  /** Whether the session holds the permission. The server enforces it anyway; this only hides controls. */
  readonly can: (permission: Permission) => boolean;
  /** Ends the session on the server and shows the login page. */
  readonly logOut: () => Promise<void>;
  /** Reloads the session, e.g. after an administrator changed their own role. */
  readonly refresh: () => Promise<void>;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

/** The current session; only valid below App's provider, i.e. on pages shown after login. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession() used outside the logged-in part of the app');
  return value;
}
