export { createEventsService, type EventsService, toStoredEvent } from './events.service.ts';
export { registerEventsRoutes } from './events.routes.ts';
export { appendEvents, deleteEventsBefore, type EventRow } from './events.repository.ts';
