import type { Department } from '@citysoc/core';
import { deleteDepartment } from '../../api/endpoints.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useSession } from '../../session/session-context.ts';
import { useAdminContext } from './admin-context.ts';
import { CreateDepartmentForm } from './CreateDepartmentForm.tsx';

export function DepartmentsSection() {
  const { can } = useSession();
  const { departments } = useAdminContext();
  const removal = useMutation();
  const manage = can('departments.manage');
  const list = departments.data ?? [];

  const onDelete = async (department: Department): Promise<void> => {
    const question =
      `Delete the department "${department.name}" (${department.id})?\n\n` +
      'The server refuses while users, tokens or other objects still belong to it.';
    if (!window.confirm(question)) return;
    const done = await removal.run(() => deleteDepartment(department.id).then(() => true));
    if (done) departments.reload();
  };

  return (
    <section aria-labelledby="departments-title">
      <h2 id="departments-title">Departments</h2>
      {manage && <CreateDepartmentForm onCreated={departments.reload} />}
      <ErrorMessage error={departments.error} />
      <ErrorMessage error={removal.error} />
      {departments.loading && departments.data === undefined ? (
        <p className="empty-state">Loading departments…</p>
      ) : list.length === 0 ? (
        <p className="empty-state">No departments yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Name</th>
              <th scope="col">Description</th>
              <th scope="col">Created</th>
              {manage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {list.map((department) => (
              <tr key={department.id}>
                <td className="mono">{department.id}</td>
                <td>{department.name}</td>
                <td className="wrap">{department.description}</td>
                <td className="nowrap">{formatDateTime(department.createdAt)}</td>
                {manage && (
                  <td>
                    <button
                      type="button"
                      className="button-danger button-small"
                      disabled={removal.pending}
                      onClick={() => void onDelete(department)}
                    >
                      Delete
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
