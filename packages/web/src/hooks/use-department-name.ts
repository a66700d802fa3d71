import { useCallback, useMemo } from 'react';
import { listDepartments } from '../api/endpoints.ts';
import { useSession } from '../session/session-context.ts';
import { useApiData } from './use-api-data.ts';

/**
 * A lookup from department id to name for tables that show ids. Falls back to the id while the list loads,
 * when the department is not visible, or when the role may not read departments at all.
 */
export function useDepartmentName(): (id: string) => string {
  const { can } = useSession();
  const departments = useApiData(can('departments.read') ? listDepartments : null);
  const names = useMemo(() => new Map((departments.data ?? []).map((d) => [d.id, d.name])), [departments.data]);
  return useCallback((id: string) => names.get(id) ?? id, [names]);
}
