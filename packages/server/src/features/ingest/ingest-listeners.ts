import type { Config } from '../../config.ts';
import type { Logger } from '../../platform/log.ts';
import type { TokensService } from '../accounts/index.ts';
import type { IngestService } from './ingest.service.ts';
import { startMqttBroker, type MqttBroker } from './mqtt.broker.ts';
import { parseTopicRoutes } from './mqtt-topics.ts';
import { startMqttSubscriber, type MqttSubscriber } from './mqtt.subscriber.ts';
import { startSyslogListener, type SyslogListener } from './syslog.listener.ts';

/** The network inputs besides HTTP, started by `serve` (never by other CLI commands). */
export interface IngestListeners {
  syslog: SyslogListener | null;
  mqttBroker: MqttBroker | null;
  mqttSubscriber: MqttSubscriber | null;
  /** Stops taking input; what was already taken is still committed by the writer. */
  close(): Promise<void>;
}

export async function startIngestListeners(deps: {
  config: Config;
  ingest: IngestService;
  tokens: TokensService;
  log: Logger;
  announce: (line: string) => void;
}): Promise<IngestListeners> {
  const { config, ingest, tokens, log, announce } = deps;
  const routes = parseTopicRoutes(config.mqttTopics);
  const listeners: IngestListeners = {
    syslog: null,
    mqttBroker: null,
    mqttSubscriber: null,
    async close() {
      await Promise.all([this.syslog?.close(), this.mqttBroker?.close(), this.mqttSubscriber?.close()]);
    },
  };
  try {
    if (config.syslogEnabled) {
      const tls =
        config.syslogTlsCert !== '' && config.syslogTlsKey !== ''
          ? { port: config.syslogTlsPort, certFile: config.syslogTlsCert, keyFile: config.syslogTlsKey }
          : null;
      listeners.syslog = await startSyslogListener({
        ingest,
        log,
        options: { host: config.host, port: config.syslogPort, maxEventBytes: config.ingestMaxEventBytes, tls },
      });
      const { tcp, udp, tls: tlsPort } = listeners.syslog.addresses;
      announce(`Syslog on ${config.host} udp/${udp} tcp/${tcp}${tlsPort === null ? '' : ` tls/${tlsPort}`}`);
    }
    if (config.mqttBrokerEnabled) {
      listeners.mqttBroker = await startMqttBroker({
        ingest,
        tokens,
        log,
        options: { host: config.host, port: config.mqttBrokerPort, routes },
      });
      announce(`MQTT broker on ${config.host} tcp/${listeners.mqttBroker.port} (password: an ingest token)`);
    }
    if (config.mqttUrl !== '') {
      listeners.mqttSubscriber = await startMqttSubscriber({
        ingest,
        log,
        options: {
          url: config.mqttUrl,
          routes,
          clientId: config.mqttClientId,
          ...(config.mqttUsername !== '' && { username: config.mqttUsername }),
          ...(config.mqttPassword !== '' && { password: config.mqttPassword }),
        },
      });
      announce(`MQTT subscribed to ${routes.map((r) => r.filter).join(', ')} on ${new URL(config.mqttUrl).host}`);
    }
  } catch (error) {
    await listeners.close();
    throw error;
  }
  return listeners;
}
