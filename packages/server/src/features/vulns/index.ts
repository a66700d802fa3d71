export { createVulnsService, type VulnsService } from './vulns.service.ts';
export { registerVulnsRoutes } from './vulns.routes.ts';
