import type { SessionInfo } from '@citysoc/core';
import { useState, type SubmitEvent } from 'react';
import { login } from '../api/endpoints.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useMutation } from '../hooks/use-mutation.ts';

interface LoginPageProps {
  /** Why the user is here again, e.g. their session expired; shown above the form. */
  readonly notice: string | undefined;
  readonly onLoggedIn: (session: SessionInfo) => void;
}

export function LoginPage({ notice, onLoggedIn }: LoginPageProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const mutation = useMutation();

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const session = await mutation.run(() => login(username, password));
    if (session !== undefined) onLoggedIn(session);
    // The password never stays in memory longer than needed, whether the login worked or not.
    else setPassword('');
  };

  return (
    <div className="login-screen">
      <form className="login-card" onSubmit={(event) => void onSubmit(event)} aria-labelledby="login-title">
        <div className="brand brand-large">
          City<span>SOC</span>
        </div>
        <h1 id="login-title">Log in to the cyber operations centre</h1>
        {notice !== undefined && (
          <p className="message message-info" role="status">
            {notice}
          </p>
        )}
        <ErrorMessage error={mutation.error} />
        <div className="field">
          <label htmlFor="login-username">Username</label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            autoFocus
            required
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">Password</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        <button type="submit" className="button-primary" disabled={mutation.pending}>
          Log in
        </button>
      </form>
    </div>
  );
}
