export * from './event.ts';
export * from './event-query.ts';
export * from './time-range.ts';
export * from './ingest-stats.ts';
