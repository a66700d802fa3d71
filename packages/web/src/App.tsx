import type { Permission, SessionInfo } from '@citysoc/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { RouterProvider } from 'react-router';
import { type ApiError, asApiError, setCsrfToken, setUnauthenticatedHandler } from './api/client.ts';
import { fetchSession, logout } from './api/endpoints.ts';
import { ErrorMessage } from './components/ErrorMessage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { createAppRouter } from './routes.tsx';
import { SessionContext, type SessionContextValue } from './session/session-context.ts';

type AppState =
  | { readonly status: 'loading' }
  | { readonly status: 'unreachable'; readonly error: ApiError }
  | { readonly status: 'anonymous'; readonly notice?: string }
  | { readonly status: 'authenticated'; readonly session: SessionInfo };

const SESSION_ENDED = 'Your session has ended. Log in again to continue.';

/** Decides between the login page and the dashboard, and owns the session for everything below it. */
export function App() {
  const [state, setState] = useState<AppState>({ status: 'loading' });
  // One router per App: created lazily so that its history listener starts only when the app renders.
  const [router] = useState(createAppRouter);

  const establish = useCallback((session: SessionInfo) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'authenticated', session });
  }, []);

  // State changes only in the promise's callbacks: the mount effect below calls this directly.
  const checkSession = useCallback(
    (): Promise<void> =>
      fetchSession().then(establish, (caught: unknown) => {
        const error = asApiError(caught);
        if (error.status === 401) setState({ status: 'anonymous' });
        else setState({ status: 'unreachable', error });
      }),
    [establish],
  );

  useEffect(() => {
    // A 401 on any later call means the session expired, was ended by a password change, or the user was
    // disabled: back to the login page, saying why. A 401 while not yet logged in changes nothing.
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setState((current) =>
        current.status === 'authenticated' ? { status: 'anonymous', notice: SESSION_ENDED } : current,
      );
    });
    void checkSession();
  }, [checkSession]);

  const logOut = useCallback(async () => {
    try {
      await logout();
    } catch {
      // The session is gone either way for this browser tab; the server expires it if the call failed.
    }
    setCsrfToken(null);
    setState({ status: 'anonymous', notice: 'You have logged out.' });
    // The next person to log in at this screen starts on the overview, not on the previous user's page.
    await router.navigate('/');
  }, [router]);

  const contextValue = useMemo<SessionContextValue | null>(() => {
    if (state.status !== 'authenticated') return null;
    const permissions = new Set<Permission>(state.session.permissions);
    return {
      session: state.session,
      can: (permission) => permissions.has(permission),
      logOut,
      refresh: checkSession,
    };
  }, [state, logOut, checkSession]);

  switch (state.status) {
    case 'loading':
      return <p className="splash">Loading CitySOC…</p>;
    case 'unreachable':
      return (
        <div className="splash">
          <ErrorMessage error={state.error} />
          <button type="button" onClick={() => void checkSession()}>
            Try again
          </button>
        </div>
      );
    case 'anonymous':
      return <LoginPage notice={state.notice} onLoggedIn={establish} />;
    case 'authenticated':
      return (
        <SessionContext.Provider value={contextValue}>
          <RouterProvider router={router} />
        </SessionContext.Provider>
      );
  }
}
