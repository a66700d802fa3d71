import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import type { Logger } from '../../platform/log.ts';
import type { TokensService } from '../accounts/index.ts';
import type { InventoryService } from '../inventory/index.ts';
import { DEMO_CITY, generateDemoCity } from './demo-city.ts';
import { createDemoPlayer, type DemoPlayer } from './demo-player.ts';
import { createDemoTargets } from './demo-targets.ts';

export interface RunningDemo {
  readonly player: DemoPlayer;
  stop(): Promise<void>;
}

/**
 * Starts the living demo city on a running server: imports the demo inventory into an empty city, creates a
 * city-wide ingest token for this run, and plays normal life and scenarios through the server's own HTTP,
 * syslog TCP and MQTT listeners, so every alert comes from the real pipeline. Refuses (returns null, says why)
 * when the database already holds another city's inventory: the demo must never mix into a real one.
 */
export async function startDemo(deps: {
  inventory: InventoryService;
  tokens: TokensService;
  log: Logger;
  announce: (line: string) => void;
  url: string;
  syslogTcpPort: number | null;
  mqttPort: number | null;
  scenarioEverySeconds: number;
}): Promise<RunningDemo | null> {
  const { inventory, tokens, announce } = deps;
  const city = generateDemoCity();
  const services = await inventory.listServices(SYSTEM_PRINCIPAL);
  const demoServices = new Set(city.services.map((s) => s.id));
  if (services.some((s) => !demoServices.has(s.id))) {
    announce('Demo not started: this database already holds an inventory that is not the demo city.');
    return null;
  }
  if (services.length === 0) {
    const summary = await inventory.importDocument(SYSTEM_PRINCIPAL, city);
    announce(
      `Demo city ${DEMO_CITY.name}: ${summary.departments.created} departments, ${summary.services.created} services, ${summary.assets.created} assets`,
    );
  }
  const { token, apiToken } = await tokens.create(SYSTEM_PRINCIPAL, {
    name: `demo-player-${new Date().toISOString()}`,
    scope: 'ingest',
    departmentId: null,
    expiresInDays: 30,
  });
  const host = '127.0.0.1';
  const targets = await createDemoTargets({
    baseUrl: deps.url,
    token,
    syslog: deps.syslogTcpPort === null ? null : { host, port: deps.syslogTcpPort },
    mqtt: deps.mqttPort === null ? null : { host, port: deps.mqttPort },
  });
  const player = createDemoPlayer({
    city,
    targets,
    log: deps.log,
    scenarioEverySeconds: deps.scenarioEverySeconds,
  });
  player.start();
  announce(
    `Demo playing: normal life and a scenario every ${deps.scenarioEverySeconds} s (CITYSOC_DEMO=false to stop)`,
  );
  return {
    player,
    async stop() {
      await player.stop();
      await targets.close();
      await tokens.revoke(SYSTEM_PRINCIPAL, apiToken.id);
    },
  };
}
