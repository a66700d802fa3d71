export { createStanceService, loadStancePolicies, type StanceService } from './stance.service.ts';
export { registerStanceRoutes } from './stance.routes.ts';
