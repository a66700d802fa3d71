import { Role, type User, type UpdateUser } from '@citysoc/core';
import { useState } from 'react';
import { updateUser } from '../../api/endpoints.ts';
import type { RoleInfo } from '@citysoc/core';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useAdminContext } from './admin-context.ts';
import { GrantsEditor } from './GrantsEditor.tsx';
import { roleInfo } from './role-titles.ts';

interface UserRowProps {
  readonly user: User;
  readonly roles: readonly RoleInfo[] | undefined;
  readonly manage: boolean;
  readonly isSelf: boolean;
  readonly onChanged: (user: User) => void;
}

export function UserRow({ user, roles, manage, isSelf, onChanged }: UserRowProps) {
  const { departmentName } = useAdminContext();
  const mutation = useMutation();
  const [editingGrants, setEditingGrants] = useState(false);
  const info = roleInfo(roles, user.role);
  const grants = user.departmentIds.map(departmentName).join(', ');

  const change = async (changes: UpdateUser): Promise<boolean> => {
    const updated = await mutation.run(() => updateUser(user.id, changes));
    if (updated !== undefined) onChanged(updated);
    return updated !== undefined;
  };

  const onRoleChange = (value: string): void => {
    const role = Role.safeParse(value);
    if (!role.success || role.data === user.role) return;
    if (isSelf && !window.confirm('Change your own role? You may lose the rights to undo it.')) return;
    void change({ role: role.data });
  };

  const onToggle = (): void => {
    if (!user.disabled && !window.confirm(`Disable ${user.username}? Their sessions end at once.`)) return;
    void change({ disabled: !user.disabled });
  };

  return (
    <tr className={user.disabled ? 'row-muted' : undefined}>
      <td className="mono">{user.username}</td>
      <td>{user.displayName}</td>
      <td>
        {manage ? (
          // No "role" in this label: the create form's select is labelled "Role", and labels must stay unique.
          <select
            aria-label={`Access level of ${user.username}`}
            value={user.role}
            disabled={mutation.pending}
            onChange={(event) => onRoleChange(event.target.value)}
          >
            {Role.options.map((role) => (
              <option key={role} value={role}>
                {roleInfo(roles, role).title}
              </option>
            ))}
          </select>
        ) : (
          info.title
        )}
      </td>
      <td className="wrap">
        {info.cityWide && <span className="badge">All (city-wide role)</span>}{' '}
        {grants === '' ? (info.cityWide ? '' : 'None') : grants}
        {manage && !editingGrants && (
          <button type="button" className="button-link" onClick={() => setEditingGrants(true)}>
            Edit grants
          </button>
        )}
        {editingGrants && (
          <GrantsEditor
            username={user.username}
            granted={user.departmentIds}
            pending={mutation.pending}
            onSave={(departmentIds) => void change({ departmentIds }).then((ok) => ok && setEditingGrants(false))}
            onCancel={() => setEditingGrants(false)}
          />
        )}
      </td>
      <td>
        <span className={user.disabled ? 'badge badge-bad' : 'badge badge-good'}>
          {user.disabled ? 'Disabled' : 'Active'}
        </span>
      </td>
      <td className="nowrap">{formatDateTime(user.lastLoginAt)}</td>
      {manage && (
        <td>
          {isSelf ? (
            <span className="muted">You</span>
          ) : (
            <button type="button" className="button-small" disabled={mutation.pending} onClick={onToggle}>
              {user.disabled ? 'Enable' : 'Disable'}
            </button>
          )}
          <ErrorMessage error={mutation.error} />
        </td>
      )}
    </tr>
  );
}
