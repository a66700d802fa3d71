import { Role } from '@citysoc/core';
import { useState, type SubmitEvent } from 'react';
import { createUser } from '../../api/endpoints.ts';
import type { RoleInfo } from '@citysoc/core';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';
import { DepartmentCheckboxes } from './DepartmentCheckboxes.tsx';
import { roleInfo } from './role-titles.ts';

/** The city-wide role with the fewest rights: a safe default when the administrator forgets to choose. */
const DEFAULT_ROLE: Role = 'soc_operator';

interface CreateUserFormProps {
  readonly roles: readonly RoleInfo[] | undefined;
  readonly onCreated: () => void;
}

export function CreateUserForm({ roles, onCreated }: CreateUserFormProps) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>(DEFAULT_ROLE);
  const [departmentIds, setDepartmentIds] = useState<string[]>([]);
  const [created, setCreated] = useState<string | undefined>(undefined);
  const mutation = useMutation();
  const selectedRole = roleInfo(roles, role);

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setCreated(undefined);
    const name = displayName.trim();
    const user = await mutation.run(() =>
      createUser({
        username: username.trim(),
        password,
        role,
        departmentIds,
        ...(name !== '' && { displayName: name }),
      }),
    );
    if (user === undefined) return;
    setCreated(`User ${user.username} created.`);
    setUsername('');
    setDisplayName('');
    setPassword('');
    setRole(DEFAULT_ROLE);
    setDepartmentIds([]);
    onCreated();
  };

  return (
    <form className="panel form-grid" onSubmit={(event) => void onSubmit(event)} aria-labelledby="new-user-title">
      <h3 id="new-user-title">New user</h3>
      <div className="field">
        <label htmlFor="new-user-username">Username</label>
        <input
          id="new-user-username"
          required
          autoComplete="off"
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="new-user-display-name">Display name</label>
        <input
          id="new-user-display-name"
          value={displayName}
          placeholder="Defaults to the username"
          onChange={(event) => setDisplayName(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="new-user-password">Initial password</label>
        <input
          id="new-user-password"
          type="password"
          required
          autoComplete="new-password"
          aria-describedby="new-user-password-hint"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <small id="new-user-password-hint">At least 12 characters; hand it over out of band.</small>
      </div>
      <div className="field">
        <label htmlFor="new-user-role">Role</label>
        <select
          id="new-user-role"
          value={role}
          aria-describedby="new-user-role-hint"
          onChange={(event) => setRole(Role.parse(event.target.value))}
        >
          {Role.options.map((option) => (
            <option key={option} value={option}>
              {roleInfo(roles, option).title}
            </option>
          ))}
        </select>
        <small id="new-user-role-hint">
          {selectedRole.description}{' '}
          {selectedRole.cityWide ? 'Sees every department.' : 'Sees only the departments granted below.'}
        </small>
      </div>
      <div className="field-wide">
        <DepartmentCheckboxes legend="Departments" selected={departmentIds} onChange={setDepartmentIds} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={mutation.pending}>
          Create user
        </button>
        {created !== undefined && (
          <span className="message-inline" role="status">
            {created}
          </span>
        )}
      </div>
      <ErrorMessage error={mutation.error} />
    </form>
  );
}
