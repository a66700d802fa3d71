export { createAuditLog, type AuditLog, type AuditRecord, type RecordChange } from './audit.service.ts';
export { registerAuditRoutes } from './audit.routes.ts';
