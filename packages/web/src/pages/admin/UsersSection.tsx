import type { User } from '@citysoc/core';
import { listRoles, listUsers } from '../../api/endpoints.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useSession } from '../../session/session-context.ts';
import { CreateUserForm } from './CreateUserForm.tsx';
import { UserRow } from './UserRow.tsx';

/** Users in the caller's departments; creating and changing them needs users.manage. */
export function UsersSection() {
  const { session, can, refresh } = useSession();
  const users = useApiData(listUsers);
  const roles = useApiData(listRoles);
  const manage = can('users.manage');
  const list = users.data ?? [];

  const onChanged = (changed: User): void => {
    users.reload();
    // Changing one's own role or grants changes one's own permissions: the session must show them.
    if (changed.id === session.user.id) void refresh();
  };

  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      {manage && <CreateUserForm roles={roles.data} onCreated={users.reload} />}
      <ErrorMessage error={users.error} />
      <ErrorMessage error={roles.error} />
      {users.loading && users.data === undefined ? (
        <p className="empty-state">Loading users…</p>
      ) : list.length === 0 ? (
        <p className="empty-state">No users in your departments.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Display name</th>
              <th scope="col">Role</th>
              <th scope="col">Departments</th>
              <th scope="col">Status</th>
              <th scope="col">Last login</th>
              {manage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {list.map((user) => (
              <UserRow
                key={user.id}
                user={user}
                roles={roles.data}
                manage={manage}
                isSelf={user.id === session.user.id}
                onChanged={onChanged}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
