import type { Department } from '@citysoc/core';
import { useOutletContext } from 'react-router';
import type { ApiData } from '../../hooks/use-api-data.ts';

/**
 * Shared by the administration tabs: the department list is loaded once by the page, because users and
 * tokens show department names and grant forms list them, and a department created in one tab must appear
 * in the others without a reload.
 */
export interface AdminContext {
  readonly departments: ApiData<Department[]>;
  /** The department's name, or its id when it is not (or no longer) visible. */
  readonly departmentName: (id: string) => string;
}

export function useAdminContext(): AdminContext {
  return useOutletContext<AdminContext>();
}
