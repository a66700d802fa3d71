import { useState, type SubmitEvent } from 'react';
import { createDepartment } from '../../api/endpoints.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField, fieldHintId } from '../../components/FormField.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';

export function CreateDepartmentForm({ onCreated }: { onCreated: () => void }) {
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [created, setCreated] = useState<string | undefined>(undefined);
  const mutation = useMutation();

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setCreated(undefined);
    const department = await mutation.run(() => createDepartment({ id: id.trim(), name, description }));
    if (department === undefined) return;
    setCreated(`Department "${department.name}" (${department.id}) created.`);
    setId('');
    setName('');
    setDescription('');
    onCreated();
  };

  return (
    <form className="panel form-grid" onSubmit={(event) => void onSubmit(event)} aria-labelledby="new-department-title">
      <h3 id="new-department-title">New department</h3>
      <FormField
        id="department-id"
        label="Department id"
        hint='Lowercase letters, digits, "-" or "_", e.g. water-utility'
      >
        <input
          id="department-id"
          required
          value={id}
          aria-describedby={fieldHintId('department-id')}
          onChange={(event) => setId(event.target.value)}
        />
      </FormField>
      <FormField id="department-name" label="Department name">
        <input id="department-name" required value={name} onChange={(event) => setName(event.target.value)} />
      </FormField>
      <FormField id="department-description" label="Description" wide>
        <input
          id="department-description"
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </FormField>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={mutation.pending}>
          Create department
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
