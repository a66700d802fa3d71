import { createServer, type Server } from 'node:net';
import { isDomainError } from '@citysoc/core';
import { Aedes, type Client } from 'aedes';
import { listenOn } from '../../platform/listen.ts';
import type { Logger } from '../../platform/log.ts';
import type { TokensService } from '../accounts/index.ts';
import type { IngestService } from './ingest.service.ts';
import { mqttMessage, type TopicRoute } from './mqtt-topics.ts';

export interface MqttBrokerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  routes: readonly TopicRoute[];
}

export interface MqttBroker {
  readonly port: number;
  close(): Promise<void>;
}

/** MQTT CONNACK return code 4 (v3.1.1): bad user name or password. */
const BAD_CREDENTIALS = 4;

/**
 * CitySOC's own MQTT listener, so devices can publish straight to it in the embedded mode. A device
 * connects with an ingest token as its password; it may publish, never subscribe (one department's
 * telemetry must not reach another's devices). The message is stored inside `authorizePublish`, so the
 * broker sends PUBACK only after the commit.
 */
export async function startMqttBroker(deps: {
  ingest: IngestService;
  tokens: TokensService;
  log: Logger;
  options: MqttBrokerOptions;
}): Promise<MqttBroker> {
  const { ingest, tokens, log, options } = deps;
  const departments = new WeakMap<Client, string | null>();

  const broker = await Aedes.createBroker({
    authenticate(client, _username, password, done) {
      const refuse = () => done(Object.assign(new Error('Bad credentials'), { returnCode: BAD_CREDENTIALS }), false);
      if (!password) return refuse();
      tokens
        .authenticate(password.toString('utf8'))
        .then((principal) => {
          departments.set(client, ingest.authorise(principal).departmentId);
          done(null, true);
        })
        .catch((error: unknown) => {
          if (!isDomainError(error)) log.error({ err: error }, 'MQTT authentication failed unexpectedly');
          refuse();
        });
    },
    authorizeSubscribe(_client, _subscription, callback) {
      callback(new Error('Subscribing is not allowed on the CitySOC ingest broker'));
    },
    authorizePublish(client, packet, callback) {
      if (!client) return callback(new Error('Anonymous publish refused'));
      const { context, records } = mqttMessage(options.routes, packet, departments.get(client) ?? null, {
        mqtt_client: client.id,
      });
      ingest.ingestWhenReady(context, records).then(
        () => callback(null),
        (error: unknown) => {
          log.error({ err: error, topic: packet.topic }, 'MQTT message could not be stored');
          callback(error instanceof Error ? error : new Error(String(error)));
        },
      );
    },
  });

  const server: Server = createServer(broker.handle);
  const port = await listenOn(server, options.port, options.host);

  return {
    port,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
