export {
  createIngestService,
  type IngestService,
  type IngestContext,
  type IngestRecord,
  type UnmatchedIdentifiers,
} from './ingest.service.ts';
export { registerIngestRoutes } from './ingest.routes.ts';
export { startSyslogListener, type SyslogListener } from './syslog.listener.ts';
export { loadLogSources } from './log-sources.loader.ts';
export { startMqttBroker, type MqttBroker } from './mqtt.broker.ts';
export { startMqttSubscriber, type MqttSubscriber } from './mqtt.subscriber.ts';
export { parseTopicRoutes } from './mqtt-topics.ts';
export { startIngestListeners, type IngestListeners } from './ingest-listeners.ts';
export { replayFile } from './file-replay.ts';
export { inThreadNormaliser, lazyNormaliser, startNormaliserPool } from './normaliser-pool.ts';
export type { EventSink, WriterStats } from './event-writer.ts';
