import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from '../../platform/log.ts';
import type { IngestService } from './ingest.service.ts';
import { mqttMessage, type TopicRoute } from './mqtt-topics.ts';

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
    const { context, records } = mqttMessage(options.routes, packet, null);
    ingest.ingestWhenReady(context, records).then(
      () => callback(),
      (error: unknown) => {
        // Not acknowledged: the broker redelivers it after reconnect. Count it so it is visible.
        log.error({ err: error, topic: packet.topic }, 'MQTT message could not be stored');
        ingest.countRejected('mqtt', 1, 'store error');
        callback(error instanceof Error ? error : new Error(String(error)));
      },
    );
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
