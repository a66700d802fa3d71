export { createDepartmentsService, type DepartmentsService } from './departments.service.ts';
export { registerDepartmentsRoutes } from './departments.routes.ts';
export { upsertDepartments } from './departments-upsert.ts';
export { allDepartmentIds } from './departments.repository.ts';
