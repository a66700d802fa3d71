import { RateLimitedError } from '@citysoc/core';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from '../../platform/log.ts';
import type { IngestService } from './ingest.service.ts';
import { payloadRecords, routeFor, type TopicRoute } from './mqtt-topics.ts';

export interface MqttSubscriberOptions {
  url: string;
  routes: readonly TopicRoute[];
  clientId: string;
  username?: string;
  password?: string;
}

export interface MqttSubscriber {
  close(): Promise<void>;
}

const RETRY_MS = 100;

/**
 * Subscribes to the city's MQTT broker with QoS 1 and a persistent session. mqtt.js sends a message's
 * PUBACK only when `handleMessage` calls back, and takes the next message only then: so a PUBACK means
 * committed, and while the store is full no more messages are taken (the broker keeps them for us).
 */
export async function startMqttSubscriber(deps: {
  ingest: IngestService;
  log: Logger;
  options: MqttSubscriberOptions;
}): Promise<MqttSubscriber> {
  const { ingest, log, options } = deps;
  const client: MqttClient = await mqtt.connectAsync(options.url, {
    clientId: options.clientId,
    clean: false,
    reconnectPeriod: 2000,
    ...(options.username !== undefined && { username: options.username }),
    ...(options.password !== undefined && { password: options.password }),
  });

  client.handleMessage = (packet, callback) => {
    const route = routeFor(options.routes, packet.topic);
    const { records, format } = payloadRecords(
      Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload),
    );
    const context = {
      channel: 'mqtt' as const,
      departmentId: null,
      format,
      attributes: { mqtt_topic: packet.topic },
      ...(route?.source !== undefined && { source: route.source }),
    };
    const attempt = (): void => {
      ingest.ingest(context, records).then(
        () => callback(),
        (error: unknown) => {
          if (error instanceof RateLimitedError) {
            setTimeout(attempt, RETRY_MS);
            return;
          }
          // Not acknowledged: the broker redelivers it after reconnect. Count it so it is visible.
          log.error({ err: error, topic: packet.topic }, 'MQTT message could not be stored');
          ingest.countRejected('mqtt', 1, 'store error');
          callback(error instanceof Error ? error : new Error(String(error)));
        },
      );
    };
    attempt();
  };
  client.on('error', (error) => log.warn({ err: error }, 'MQTT client error'));

  await client.subscribeAsync(
    options.routes.map((r) => r.filter),
    { qos: 1 },
  );
  return {
    async close() {
      await client.endAsync();
    },
  };
}
