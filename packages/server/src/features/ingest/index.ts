export { createIngestService, type IngestService, type IngestContext, type IngestRecord } from './ingest.service.ts';
export { registerIngestRoutes } from './ingest.routes.ts';
export { startSyslogListener, type SyslogListener } from './syslog.listener.ts';
export { loadLogSources } from './log-sources.loader.ts';
