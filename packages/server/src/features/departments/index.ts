export { createDepartmentsService, type DepartmentsService } from './departments.service.ts';
export { registerDepartmentsRoutes } from './departments.routes.ts';
