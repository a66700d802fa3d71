import { useState } from 'react';
import { DepartmentCheckboxes } from './DepartmentCheckboxes.tsx';

interface GrantsEditorProps {
  readonly username: string;
  readonly granted: readonly string[];
  readonly pending: boolean;
  readonly onSave: (departmentIds: string[]) => void;
  readonly onCancel: () => void;
}

/** Inline editor for one user's department grants, opened from the users table. */
export function GrantsEditor({ username, granted, pending, onSave, onCancel }: GrantsEditorProps) {
  const [selected, setSelected] = useState<string[]>([...granted]);
  return (
    <div className="inline-editor">
      <DepartmentCheckboxes legend={`Grants of ${username}`} selected={selected} onChange={setSelected} />
      <button type="button" className="button-small button-primary" disabled={pending} onClick={() => onSave(selected)}>
        Save grants
      </button>
      <button type="button" className="button-small" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
