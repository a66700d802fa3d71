export { createLiveHub, type LiveHub, type LiveTopic } from './live-hub.ts';
export { registerLiveRoutes } from './live.routes.ts';
