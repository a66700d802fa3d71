export { createEventsService, type EventsService, toStoredEvent } from './events.service.ts';
export { registerEventsRoutes } from './events.routes.ts';
export { appendEvents, type EventKey, type EventRow, storeEventsOnce } from './events.repository.ts';
export { enforceRetention, parseRetentionPolicy, scheduleRetention, type RetentionPolicy } from './retention.ts';
