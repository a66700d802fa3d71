import type { IncidentTask } from '@citysoc/core';
import { useState, type SubmitEvent } from 'react';
import { addTask, updateTask } from '../../api/incidents.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useMutation } from '../../hooks/use-mutation.ts';

interface Props {
  readonly incidentId: string;
  readonly tasks: readonly IncidentTask[];
  readonly canManage: boolean;
  readonly onChanged: () => void;
}

const STATUS_LABELS: Readonly<Record<IncidentTask['status'], string>> = {
  todo: 'To do',
  doing: 'Doing',
  done: 'Done',
  cancelled: 'Cancelled',
};

/** The case's tasks: add one by title, start it, complete it. */
export function TasksSection({ incidentId, tasks, canManage, onChanged }: Props) {
  const mutation = useMutation();
  const [title, setTitle] = useState('');

  const onAdd = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if ((await mutation.run(() => addTask(incidentId, { title: title.trim() }))) !== undefined) {
      setTitle('');
      onChanged();
    }
  };
  const setStatus = async (task: IncidentTask, status: IncidentTask['status']): Promise<void> => {
    if ((await mutation.run(() => updateTask(incidentId, task.id, { status }))) !== undefined) onChanged();
  };

  const columns: readonly Column<IncidentTask>[] = [
    { header: 'Task', cell: (t) => t.title, className: 'break-anywhere' },
    { header: 'Status', cell: (t) => <span className={`badge task-${t.status}`}>{STATUS_LABELS[t.status]}</span> },
    { header: 'Assignee', cell: (t) => t.assigneeName ?? '—' },
    { header: 'Due', cell: (t) => formatDateTime(t.due, '—'), className: 'nowrap' },
    {
      header: 'Actions',
      cell: (t) =>
        canManage && (t.status === 'todo' || t.status === 'doing') ? (
          <span className="form-actions">
            {t.status === 'todo' && (
              <button
                type="button"
                className="button-small"
                disabled={mutation.pending}
                onClick={() => void setStatus(t, 'doing')}
              >
                Start
              </button>
            )}
            <button
              type="button"
              className="button-small button-primary"
              aria-label={`Complete task ${t.title}`}
              disabled={mutation.pending}
              onClick={() => void setStatus(t, 'done')}
            >
              Complete
            </button>
          </span>
        ) : null,
    },
  ];

  return (
    <section className="panel" aria-labelledby="incident-tasks">
      <h2 id="incident-tasks">Tasks</h2>
      {tasks.length === 0 ? (
        <p className="muted">No tasks yet.</p>
      ) : (
        <DataTable label="Tasks" columns={columns} rows={tasks} rowKey={(t) => t.id} rowTestId="task-row" />
      )}
      {canManage && (
        <form className="inline-form" aria-label="Add a task" onSubmit={(event) => void onAdd(event)}>
          <label htmlFor="new-task-title">New task</label>
          <input
            id="new-task-title"
            maxLength={300}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            placeholder="e.g. Review the CCTV footage"
          />
          <button type="submit" disabled={mutation.pending || title.trim() === ''}>
            Add task
          </button>
        </form>
      )}
      <ErrorMessage error={mutation.error} />
    </section>
  );
}
